import type { Dispatcher } from 'undici';
import type { TargetConfig } from '../env/target-config';
import { HttpClient } from '../http/http-client';

/** What a caller may change from the env's transport settings: probes use no retries, quick probes a short timeout. */
export interface HttpClientOverrides {
  readonly retries?: number;
  readonly timeoutMs?: number;
}

/**
 * The one place an HttpClient is built from an env's settings. `dispatcher`: where every client's requests go
 * instead of the network (the tables reach the reference target's handlers in process through it).
 */
export function httpClientFactory(
  config: TargetConfig,
  dispatcher?: Dispatcher,
): (overrides?: HttpClientOverrides) => HttpClient {
  return (overrides = {}) =>
    new HttpClient({
      ...(dispatcher ? { dispatcher } : {}),
      timeoutMs: overrides.timeoutMs ?? config.http.timeoutMs,
      retries: overrides.retries ?? config.http.retries,
      retryAfterMaxMs: config.http.retryAfterMaxMs,
      caFile: config.http.caFile,
      rejectUnauthorized: config.http.rejectUnauthorized,
      tokenTransport: config.tokenTransport,
    });
}
