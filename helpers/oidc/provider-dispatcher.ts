import type { Dispatcher } from 'undici';
import type { TargetConfig } from '../env/target-config';

const dispatchers = new WeakMap<TargetConfig, Dispatcher>();

/**
 * Where the provider's key-set fetches go for a run whose requests all go to one dispatcher (buildHarness's
 * `dispatcher`: an in-process target). The dispatcher is the run's, shared by every client and closed by whoever
 * made it, never by a client: a provider cached for the config keeps a dispatcher that lives as long as the run.
 */
export function routeProviderRequests(config: TargetConfig, dispatcher: Dispatcher): void {
  dispatchers.set(config, dispatcher);
}

/** The run's dispatcher for the provider's requests, or undefined: the network, with the env's TLS settings. */
export function providerDispatcher(config: TargetConfig): Dispatcher | undefined {
  return dispatchers.get(config);
}
