import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  EmbeddedJWK,
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type FetchImplementation,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';
import type { Clock } from '../clock';
import { bearerChallenge, preventCaching, sendInvalidToken, sendJson, sendMissingCredentials } from '../respond';
import type { Route } from '../router';
import type { IdpConfig } from './idp-config';
import type { IdpKeys } from './idp-keys';

/**
 * The tenant's API: verifies access tokens through the provider's JWKS (jose createRemoteJWKSet on its jwks_uri),
 * with the provider's issuer, its own audience, the provider's algorithm, and a scope per route.
 * The faults make it trust the wrong things, one at a time.
 */
const ROUTES: readonly { path: string; scope?: string; body: (claims: JWTPayload) => unknown }[] = [
  { path: '/api/v1/me', body: (claims) => ({ sub: claims.sub, scope: claims['scope'] }) },
  { path: '/api/v1/projects', scope: 'projects:read', body: () => ({ projects: [{ id: 'p-1', name: 'Apollo' }] }) },
  { path: '/api/v1/admin/users', scope: 'admin:users', body: () => ({ users: ['alice', 'ada'] }) },
];

export function resourceApiRoutes(
  config: IdpConfig,
  keys: IdpKeys,
  issuer: () => string,
  clock: Clock,
  fetchJwks?: FetchImplementation,
): Route[] {
  const faults = config.faults;
  let remote: ReturnType<typeof createRemoteJWKSet> | undefined;
  const jwks = faults.has('idp-api-pinned-jwks')
    ? createLocalJWKSet(keys.pinnedBeforeRotation)
    : (...args: Parameters<ReturnType<typeof createRemoteJWKSet>>) =>
        (remote ??= createRemoteJWKSet(
          new URL(`${issuer()}/oauth/jwks`),
          fetchJwks ? { [customFetch]: fetchJwks } : {},
        ))(...args);

  const verify = async (token: string): Promise<JWTPayload> => {
    const options: JWTVerifyOptions = {
      issuer: faults.has('idp-api-other-issuer') ? `${issuer()}/pool-eu-west-1_B` : issuer(),
      ...(faults.has('idp-api-no-audience') ? {} : { audience: config.audience }),
      ...(faults.has('idp-api-typ-jwt') ? { typ: 'JWT' } : {}),
      currentDate: clock.now(),
      clockTolerance: 30,
      requiredClaims: ['exp', 'sub'],
    };
    const allowed = faults.has('idp-api-other-alg') ? (keys.alg === 'RS256' ? 'ES256' : 'RS256') : keys.alg;
    const header = decodeProtectedHeader(token);
    if (faults.has('idp-api-hs256-public-key') && header.alg === 'HS256')
      return (await jwtVerify(token, new TextEncoder().encode(keys.current.publicPem), options)).payload;
    if (faults.has('idp-api-embedded-jwk') && header.jwk !== undefined)
      return (await jwtVerify(token, EmbeddedJWK, { ...options, algorithms: ['RS256', 'ES256'] })).payload;
    return (await jwtVerify(token, jwks, { ...options, algorithms: [allowed] })).payload;
  };

  return ROUTES.map((route) => ({
    method: 'GET' as const,
    path: route.path,
    handle: async (req: IncomingMessage, res: ServerResponse) => {
      preventCaching(res);
      const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!match?.[1]) return sendMissingCredentials(res);
      let claims: JWTPayload;
      try {
        claims = await verify(match[1]);
      } catch (error) {
        return sendInvalidToken(res, error instanceof errors.JOSEError ? error.message : 'malformed token');
      }
      const scopes = typeof claims['scope'] === 'string' ? claims['scope'].split(' ') : [];
      if (route.scope && !faults.has('idp-api-no-scope') && !scopes.includes(route.scope))
        return sendJson(
          res,
          403,
          { error: 'insufficient_scope' },
          { 'WWW-Authenticate': `${bearerChallenge({ error: 'insufficient_scope' })}, scope="${route.scope}"` },
        );
      return sendJson(res, 200, route.body(claims));
    },
  }));
}
