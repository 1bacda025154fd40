import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, createRemoteJWKSet, errors, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (panva's oidc-provider) issuing RS256 JWT access tokens by client_credentials, and a
 * resource server verifying them with jose's createRemoteJWKSet, both on loopback: the shape of a Cognito-, Auth0-
 * or Keycloak-backed API. The faults are what deployments get wrong; nothing here is the harness's code.
 */
export const INTEROP_FAULTS = [
  'audience-drift',
  'issuer-drift',
  'kid-rotation',
  'scope-unchecked',
  'audience-unchecked',
] as const;
export type InteropFault = (typeof INTEROP_FAULTS)[number];

export const RESOURCE = 'https://api.interop.test';
/** Another API of the same provider: its tokens must not open this one. */
export const OTHER_RESOURCE = 'https://reports.interop.test';
export const CLIENT_ID = 'authcanary-interop';

export interface InteropStack {
  readonly issuer: string;
  readonly apiUrl: string;
  readonly clientSecret: string;
  /** Variables an env file refers to (`${INTEROP_ISSUER}` …). */
  readonly variables: Record<string, string>;
  close(): Promise<void>;
}

export async function startOidcProviderStack(
  options: { faults?: readonly InteropFault[]; clientSecret: string } = { clientSecret: '' },
): Promise<InteropStack> {
  const faults = new Set(options.faults ?? []);
  const idpServer = createServer();
  const idpPort = await listen(idpServer);
  const issuer = `http://127.0.0.1:${idpPort}`;

  const current = await signingJwk('key-2026-11');
  const retired = await signingJwk('key-2026-05');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: options.clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [current.private] },
    scopes: ['api:read', 'api:admin'],
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => ({
          scope: 'api:read api:admin',
          audience: indicator === OTHER_RESOURCE ? OTHER_RESOURCE : RESOURCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 300,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  idpServer.on('request', provider.callback());

  // The API: jose's createRemoteJWKSet on the provider's jwks_uri, or (kid-rotation) a copy pinned before the rotation.
  const keys = faults.has('kid-rotation')
    ? createLocalJWKSet({ keys: [retired.public] })
    : createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const trustedIssuer = faults.has('issuer-drift') ? `${issuer}/other-pool` : issuer;
  const audience = faults.has('audience-drift') ? 'https://api.other.test' : RESOURCE;
  // audience-unchecked: jwtVerify without its audience option (jose then accepts any aud).
  const audienceOption = faults.has('audience-unchecked') ? {} : { audience };
  const apiServer = createServer((req, res) => {
    void api(req, res).catch(() => send(res, 500, { error: 'internal' }));
  });
  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/api/items' && path !== '/api/admin') return send(res, 404, { error: 'not_found' });
    const match = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return send(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="api"' });
    try {
      const { payload } = await jwtVerify(match[1], keys, {
        issuer: trustedIssuer,
        ...audienceOption,
        algorithms: ['RS256'],
      });
      const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
      const needed = path === '/api/admin' ? 'api:admin' : 'api:read';
      if (!faults.has('scope-unchecked') && !scopes.includes(needed))
        return send(
          res,
          403,
          { error: 'insufficient_scope' },
          { 'www-authenticate': `Bearer error="insufficient_scope", scope="${needed}"` },
        );
      return send(res, 200, { items: [], sub: payload.sub });
    } catch (error) {
      const description = error instanceof errors.JOSEError ? error.message : 'invalid token';
      return send(
        res,
        401,
        { error: 'invalid_token' },
        { 'www-authenticate': `Bearer error="invalid_token", error_description="${description.replace(/"/g, "'")}"` },
      );
    }
  }
  const apiPort = await listen(apiServer);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  return {
    issuer,
    apiUrl,
    clientSecret: options.clientSecret,
    variables: { INTEROP_ISSUER: issuer, INTEROP_API: apiUrl, INTEROP_CLIENT_SECRET: options.clientSecret },
    close: async () => {
      await Promise.all([close(idpServer), close(apiServer)]);
    },
  };
}

async function signingJwk(kid: string): Promise<{ private: JWK; public: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    private: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    public: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
