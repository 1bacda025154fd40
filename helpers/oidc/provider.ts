import type { Clock } from '../clock/clock';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import { discoverProvider, type ProviderMetadata } from './discovery';
import { providerKeys, type ProviderKeys } from './jwks';
import { providerDispatcher } from './provider-dispatcher';
import { verifyWithProviderKeys, type KeyVerdict } from './verify-issued';

/** The env's identity provider, discovered once per config: metadata, and its published keys when it has any. */
export interface Provider {
  readonly metadata: ProviderMetadata;
  readonly keys?: ProviderKeys | undefined;
  /** The issuer tokens must carry: the discovery document's, else JWT_ISSUER. */
  readonly issuer?: string | undefined;
}

const discovered = new WeakMap<TargetConfig, Promise<Provider>>();

export function connectProvider(http: HttpClient, config: TargetConfig): Promise<Provider> {
  let provider = discovered.get(config);
  if (provider === undefined) {
    provider = discoverProvider(http, config).then((metadata) => ({
      metadata,
      keys: metadata.jwksUri
        ? providerKeys(config, metadata.jwksUri, { dispatcher: providerDispatcher(config) })
        : undefined,
      issuer: metadata.issuer ?? config.jwt.issuer,
    }));
    // A failed discovery is not cached: the next caller gets the error again, with its reason.
    provider.catch(() => discovered.delete(config));
    discovered.set(config, provider);
  }
  return provider;
}

/** The token checked through the provider's keys against the env's declarations; undefined without a JWKS. */
export async function verifyThroughProvider(
  provider: Provider,
  config: TargetConfig,
  token: string,
  clock: Clock,
): Promise<KeyVerdict | undefined> {
  if (!provider.keys) return undefined;
  return verifyWithProviderKeys(token, provider.keys, {
    algorithms: [config.jwt.alg],
    issuer: provider.issuer,
    audience: config.jwt.audience,
    clock,
    leewayMs: config.jwt.leewayMs,
  });
}
