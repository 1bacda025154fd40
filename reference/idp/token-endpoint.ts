import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT, generateKeyPair, type CryptoKey } from 'jose';
import { MAX_BODY_BYTES } from '../body';
import type { Clock } from '../clock';
import { preventCaching, sendJson } from '../respond';
import type { Route } from '../router';
import { checkCredentials, findUser, type Role } from '../users';
import type { IdpConfig } from './idp-config';
import type { IdpKeys } from './idp-keys';

/**
 * The provider's token endpoint (RFC 6749): form-encoded requests, client authentication by HTTP Basic
 * (client_secret_basic) or in the body (client_secret_post), grants password, client_credentials and refresh_token,
 * RFC 9068 access tokens (typ at+jwt) for one of the tenant's resource servers (RFC 8707 `resource`).
 */
const SCOPES: Record<Role | 'client', readonly string[]> = {
  user: ['projects:read'],
  admin: ['projects:read', 'admin:users'],
  client: ['projects:read'],
};

interface RefreshGrant {
  readonly sub: string;
  readonly scopes: readonly string[];
  readonly audience: string;
}

export function tokenEndpointRoutes(config: IdpConfig, keys: IdpKeys, issuer: () => string, clock: Clock): Route[] {
  const refreshTokens = new Map<string, RefreshGrant>();

  // A key the JWKS does not publish yet (idp-token-unpublished-key), made on first use.
  let unpublished: Promise<{ kid: string; privateKey: CryptoKey }> | undefined;
  const signingKey = () =>
    config.faults.has('idp-token-unpublished-key')
      ? (unpublished ??= generateKeyPair(keys.alg).then(({ privateKey }) => ({
          kid: `${keys.alg.toLowerCase()}-2027-05`,
          privateKey,
        })))
      : Promise.resolve(keys.current);

  const issue = async (res: ServerResponse, grant: RefreshGrant, withRefresh: boolean) => {
    const now = clock.epochSeconds();
    const key = await signingKey();
    const accessToken = await new SignJWT({ scope: grant.scopes.join(' '), client_id: config.clientId })
      .setProtectedHeader({ alg: keys.alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(config.faults.has('idp-token-internal-issuer') ? 'http://idp.internal:8080' : issuer())
      .setSubject(grant.sub)
      .setAudience(grant.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + config.accessTtlSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: config.accessTtlSeconds,
      scope: grant.scopes.join(' '),
    };
    if (withRefresh) {
      const refreshToken = randomUUID();
      refreshTokens.set(refreshToken, grant);
      body['refresh_token'] = refreshToken;
    }
    sendJson(res, 200, body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    preventCaching(res);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const raw = await readBody(req);
    if (raw === undefined) return sendJson(res, 413, { error: 'invalid_request' });
    let params: URLSearchParams;
    if (config.faults.has('idp-token-json-only')) {
      if (contentType !== 'application/json')
        return sendJson(res, 415, {
          error: 'invalid_request',
          error_description: 'Content-Type must be application/json',
        });
      try {
        params = new URLSearchParams(JSON.parse(raw) as Record<string, string>);
      } catch {
        return sendJson(res, 400, { error: 'invalid_request', error_description: 'body is not JSON' });
      }
    } else {
      if (contentType !== 'application/x-www-form-urlencoded')
        return sendJson(res, 400, {
          error: 'invalid_request',
          error_description: 'the token endpoint takes application/x-www-form-urlencoded (RFC 6749 §4.1.3)',
        });
      params = new URLSearchParams(raw);
    }

    const client = clientOf(req, params);
    if (client === 'both')
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'more than one client authentication' });
    if (!client || client.id !== config.clientId || !sameText(client.secret, config.clientSecret))
      return sendJson(
        res,
        401,
        { error: 'invalid_client', error_description: 'client authentication failed' },
        { 'WWW-Authenticate': 'Basic realm="token"' },
      );

    const resource = params.get('resource');
    const audience = resource === null || resource === config.audience ? config.audience : resource;
    if (audience !== config.audience && audience !== config.otherAudience)
      return sendJson(res, 400, { error: 'invalid_target', error_description: 'unknown resource' });

    const grantType = params.get('grant_type');
    let sub: string;
    let allowed: readonly string[];
    if (grantType === 'password') {
      const user = checkCredentials(params.get('username') ?? '', params.get('password') ?? '');
      if (!user) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'wrong username or password' });
      sub = user.username;
      allowed = SCOPES[user.role];
    } else if (grantType === 'client_credentials') {
      sub = config.clientId;
      allowed = SCOPES.client;
    } else if (grantType === 'refresh_token') {
      const grant = refreshTokens.get(params.get('refresh_token') ?? '');
      if (!grant) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'unknown refresh token' });
      refreshTokens.delete(params.get('refresh_token') ?? '');
      return issue(res, grant, true);
    } else {
      return sendJson(res, 400, { error: 'unsupported_grant_type' });
    }
    const requested = params.get('scope')?.split(' ').filter(Boolean);
    const scopes = requested ? requested.filter((scope) => allowed.includes(scope)) : [...allowed];
    if (requested && scopes.length === 0) return sendJson(res, 400, { error: 'invalid_scope' });
    return issue(res, { sub, scopes, audience }, grantType === 'password' && findUser(sub) !== undefined);
  };

  return [{ method: 'POST', path: '/oauth/token', handle }];
}

function clientOf(req: IncomingMessage, params: URLSearchParams): { id: string; secret: string } | 'both' | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const inBody = params.get('client_secret') !== null;
  if (basic && inBody) return 'both';
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
    const unform = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  }
  const id = params.get('client_id');
  const secret = params.get('client_secret');
  return id !== null && secret !== null ? { id, secret } : undefined;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

function sameText(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
