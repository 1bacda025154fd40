import type { Route } from '../router';
import { sendJson } from '../respond';
import type { IdpKeys } from './idp-keys';

/** OpenID Connect Discovery 1.0 metadata and the JWKS (RFC 7517) the provider publishes. */
export function providerMetadataRoutes(keys: IdpKeys, issuer: () => string): Route[] {
  return [
    {
      method: 'GET',
      path: '/.well-known/openid-configuration',
      handle: (_req, res) =>
        sendJson(res, 200, {
          issuer: issuer(),
          token_endpoint: `${issuer()}/oauth/token`,
          jwks_uri: `${issuer()}/oauth/jwks`,
          grant_types_supported: ['password', 'client_credentials', 'refresh_token'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          id_token_signing_alg_values_supported: [keys.alg],
          response_types_supported: ['token'],
          scopes_supported: ['projects:read', 'admin:users'],
        }),
    },
    {
      method: 'GET',
      path: '/oauth/jwks',
      handle: (_req, res) => sendJson(res, 200, keys.published, { 'Cache-Control': 'max-age=300' }),
    },
  ];
}
