import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, customFetch, type JSONWebKeySet, type RemoteJWKSet } from 'jose';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import type { TargetConfig } from '../env/target-config';
import { isAllowedProviderUrl } from './allowed-urls';
import { OidcError } from './oidc-error';

/** The provider's published keys, fetched through jose's createRemoteJWKSet, and what the set held. */
export interface ProviderKeys {
  readonly url: string;
  /** jose's resolver: selects the key by the token header's kid and alg (exactly one must match). */
  readonly resolver: RemoteJWKSet;
  /** The set as last fetched (reloads it on first use). */
  current(): Promise<JSONWebKeySet>;
}

/**
 * jose's createRemoteJWKSet with its fetch confined to the URLs the env names (the issuer's origin, the target's,
 * or a declared JWKS_URL): a token's header can never make the harness fetch anything (`jku`, `x5u` are ignored).
 * `dispatcher`: where the fetch goes instead of an Agent of its own (the run's; it stays open as long as the run).
 */
export function providerKeys(
  config: TargetConfig,
  jwksUri: string,
  options: { timeoutMs?: number; dispatcher?: Dispatcher | undefined } = {},
): ProviderKeys {
  if (!isAllowedProviderUrl(config, jwksUri))
    throw new OidcError(
      'ERR_OIDC_JWKS',
      `the JWKS URL ${new URL(jwksUri).origin} is not on the issuer's or the target's origin`,
      'declare JWKS_URL to allow it',
    );
  // The env's TLS settings apply to the key set too (a private CA, TLS_CA_FILE), as to every other request.
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connect: {
        ...(config.http.caFile ? { ca: readFileSync(config.http.caFile) } : {}),
        rejectUnauthorized: config.http.rejectUnauthorized,
      },
    });
  const resolver = createRemoteJWKSet(new URL(jwksUri), {
    timeoutDuration: options.timeoutMs ?? config.http.timeoutMs,
    cooldownDuration: 0,
    [customFetch]: (url, init) => {
      if (!isAllowedProviderUrl(config, url)) return Promise.reject(new Error(`refused to fetch ${url}`));
      const headers: Record<string, string> = {};
      init.headers.forEach((value, name) => (headers[name] = value));
      return undiciFetch(url, {
        method: init.method,
        redirect: init.redirect,
        signal: init.signal,
        headers,
        dispatcher,
      }) as unknown as Promise<Response>;
    },
  });
  return {
    url: jwksUri,
    resolver,
    async current() {
      if (resolver.jwks() === undefined || !resolver.fresh) {
        try {
          await resolver.reload();
        } catch (error) {
          throw new OidcError(
            'ERR_OIDC_JWKS',
            `the JWKS at ${jwksUri} could not be read (${error instanceof Error ? error.message : 'unknown error'})`,
            'check that the jwks_uri answers 200 with {"keys": [...]}, or declare JWKS_URL',
          );
        }
      }
      return resolver.jwks() ?? { keys: [] };
    },
  };
}
