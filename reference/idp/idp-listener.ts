import type { RequestListener } from 'node:http';
import type { FetchImplementation } from 'jose';
import { createClock } from '../clock';
import { healthRoutes } from '../health';
import { createRequestListener, type Route } from '../router';
import type { Env } from '../secret';
import { loadIdpConfig } from './idp-config';
import { createIdpKeys } from './idp-keys';
import { providerMetadataRoutes } from './provider-metadata';
import { resourceApiRoutes } from './resource-api';
import { tokenEndpointRoutes } from './token-endpoint';

/** The identity provider's handlers without a socket: what start-idp.ts serves, and what a caller reaches in process. */
export interface IdpListener {
  readonly listener: RequestListener;
  readonly kids: { readonly current: string; readonly retired: string };
}

export interface IdpListenerOptions {
  /**
   * How the tenant's API fetches the provider's JWKS (jose's customFetch); default: jose's own fetch over the network.
   * A caller that reaches the listener in process gives a fetch that reaches it the same way.
   */
  readonly fetchJwks?: FetchImplementation;
}

/**
 * Builds the provider (discovery, JWKS, token endpoint) and the tenant's API from the env. `issuer` is read at each
 * request: a server knows its own origin only once it listens.
 */
export async function createIdpListener(
  env: Env,
  issuer: () => string,
  options: IdpListenerOptions = {},
): Promise<IdpListener> {
  const config = loadIdpConfig(env);
  const keys = await createIdpKeys(config.alg);
  const clock = createClock(0);
  const routes: Route[] = [
    ...healthRoutes,
    ...providerMetadataRoutes(keys, issuer),
    ...tokenEndpointRoutes(config, keys, issuer, clock),
    ...resourceApiRoutes(config, keys, issuer, clock, options.fetchJwks),
  ];
  return {
    listener: createRequestListener(routes, clock),
    kids: { current: keys.current.kid, retired: keys.retired.kid },
  };
}
