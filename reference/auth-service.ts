import { randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody } from './body';
import type { Clock } from './clock';
import type { ReferenceConfig } from './config';
import { parseCookieHeader, serializeCookie, type CookieAttributes } from './cookies';
import { generateRsaKeyPair, importHmacKey, loadJwtLibrary, type SigningKey, type VerifyPolicy } from './jwt';
import { preventCaching, sendJson, sendNoContent } from './respond';
import type { Route } from './router';
import { FALLBACK_SECRET, resolveSecret, standardSecretChain } from './secret';
import { secretFingerprint, type SecretReport } from './secret-fingerprint';
import { checkCredentials, findUser, type User } from './users';

/**
 * The auth service: login, refresh, logout, signup. It resolves its own secret (always the full chain, starting at
 * `JWT_SECRET_{ENV}`) and issues tokens with its own clock.
 */

export const ACCESS_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';
export const REFRESH_TTL_SECONDS = 8 * 60 * 60;

const COOKIE_ATTRIBUTES: CookieAttributes = { path: '/', httpOnly: true, secure: true, sameSite: 'None' };

export interface AuthService {
  routes: readonly Route[];
  /** Under `alg-rs256`: the public half of its key pair (what a JWKS endpoint would publish), for the API. */
  rsaPublicKey?: KeyObject;
  /** The secret it signs with, as it would log it: source and fingerprint (HMAC only). */
  secret?: SecretReport;
  /** Token ids revoked by logout or spent by a refresh (rotation): the API refuses them too. */
  revokedJtis: ReadonlySet<string>;
}

interface AuthKeys {
  signing: SigningKey;
  verification: Pick<VerifyPolicy, 'algorithm' | 'key'>;
  rsaPublicKey?: KeyObject;
  secret?: SecretReport;
}

export async function createAuthService(config: ReferenceConfig, clock: Clock): Promise<AuthService> {
  const jwt = loadJwtLibrary({ simulateMissing: false });
  const keys = await authKeys(config);
  const revoked = new Set<string>();
  const verifyOwn = (token: string) =>
    jwt.verify(token, {
      ...keys.verification,
      issuer: config.issuer,
      audience: config.audience,
      leewaySeconds: config.leewaySeconds,
      now: clock.now(),
    });

  async function issueTokens(res: ServerResponse, user: User): Promise<void> {
    const iat = clock.epochSeconds();
    // `audience-drift-opaque`: the deployment moved to a new audience; the env file the harness reads did not.
    const aud = config.faults.has('audience-drift-opaque') ? `${config.audience}-v2` : config.audience;
    const common = { sub: user.username, iss: config.issuer, aud, iat };
    const typed = config.faults.has('api-requires-token-type') ? { token_type: 'access' } : {};
    const accessToken = await jwt.sign(
      { ...common, ...typed, role: user.role, jti: randomUUID(), exp: iat + config.accessTtlSeconds },
      keys.signing,
    );
    const refreshToken = await jwt.sign(
      { ...common, token_use: 'refresh', jti: randomUUID(), exp: iat + REFRESH_TTL_SECONDS },
      keys.signing,
    );
    sendJson(
      res,
      200,
      { access_token: accessToken, token_type: 'Bearer', expires_in: config.accessTtlSeconds },
      {
        'Set-Cookie': [
          serializeCookie(ACCESS_COOKIE, accessToken, COOKIE_ATTRIBUTES),
          serializeCookie(REFRESH_COOKIE, refreshToken, COOKIE_ATTRIBUTES),
        ],
      },
    );
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    preventCaching(res);
    const body = await readJsonBody(req);
    if (!body.ok) return sendJson(res, body.status, { error: body.error });
    const username = stringField(body.value, 'username');
    const password = stringField(body.value, 'password');
    if (username === undefined || password === undefined) {
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'username and password are required' });
    }
    const user = checkCredentials(username, password);
    if (user === undefined) return sendJson(res, 401, { error: 'invalid_credentials' });
    // session-not-rotated: a client that already holds a session keeps it through login (session fixation).
    const held = parseCookieHeader(req.headers.cookie).get(ACCESS_COOKIE);
    if (config.faults.has('session-not-rotated') && held !== undefined && held !== '') {
      return sendJson(res, 200, { access_token: held, token_type: 'Bearer', expires_in: config.accessTtlSeconds });
    }
    await issueTokens(res, user);
  }

  async function refresh(req: IncomingMessage, res: ServerResponse): Promise<void> {
    preventCaching(res);
    const token = parseCookieHeader(req.headers.cookie).get(REFRESH_COOKIE);
    if (token === undefined || token === '') {
      return sendJson(res, 401, { error: 'invalid_grant', error_description: `${REFRESH_COOKIE} cookie missing` });
    }
    const verified = await verifyOwn(token);
    if (!verified.ok) return sendJson(res, 401, { error: 'invalid_grant', error_description: verified.reason });
    if (verified.claims.token_use !== 'refresh') {
      return sendJson(res, 401, { error: 'invalid_grant', error_description: 'unexpected "token_use" claim value' });
    }
    const jti = typeof verified.claims.jti === 'string' ? verified.claims.jti : '';
    if (revoked.has(jti))
      return sendJson(res, 401, { error: 'invalid_grant', error_description: 'refresh token revoked' });
    // Rotation: a refresh token is single-use (refresh-reuse-accepted: it stays valid).
    if (!config.faults.has('refresh-reuse-accepted')) revoked.add(jti);
    const user = typeof verified.claims.sub === 'string' ? findUser(verified.claims.sub) : undefined;
    if (user === undefined) return sendJson(res, 401, { error: 'invalid_grant', error_description: 'unknown subject' });
    await issueTokens(res, user);
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    preventCaching(res);
    // Logout revokes the session's tokens (logout-not-revoking: it only clears the cookies).
    if (!config.faults.has('logout-not-revoking')) {
      const cookies = parseCookieHeader(req.headers.cookie);
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      for (const token of [cookies.get(ACCESS_COOKIE), cookies.get(REFRESH_COOKIE), bearer]) {
        if (token === undefined || token === '') continue;
        const verified = await verifyOwn(token);
        if (verified.ok && typeof verified.claims.jti === 'string') revoked.add(verified.claims.jti);
      }
    }
    const expired = { ...COOKIE_ATTRIBUTES, maxAge: 0 };
    sendNoContent(res, {
      'Set-Cookie': [serializeCookie(ACCESS_COOKIE, '', expired), serializeCookie(REFRESH_COOKIE, '', expired)],
    });
  }

  function signup(_req: IncomingMessage, res: ServerResponse): void {
    preventCaching(res);
    if (config.faults.has('signup-open')) return sendJson(res, 201, { status: 'created' });
    sendJson(res, 403, { error: 'signup_disabled' });
  }

  return {
    routes: [
      { method: 'POST', path: '/api/v1/auth/login', handle: login },
      { method: 'POST', path: '/api/v1/auth/refresh', handle: refresh },
      { method: 'POST', path: '/api/v1/auth/logout', handle: logout },
      { method: 'POST', path: '/api/v1/auth/signup', handle: signup },
    ],
    rsaPublicKey: keys.rsaPublicKey,
    secret: keys.secret,
    revokedJtis: revoked,
  };
}

/** HS256 with the full secret chain; under `alg-rs256` an RS256 key pair of its own. */
async function authKeys(config: ReferenceConfig): Promise<AuthKeys> {
  if (config.faults.has('alg-rs256')) {
    const { privateKey, publicKey } = await generateRsaKeyPair();
    return {
      signing: { algorithm: 'RS256', key: privateKey },
      verification: { algorithm: 'RS256', key: publicKey },
      rsaPublicKey: publicKey,
    };
  }
  const secret = resolveSecret(config.env, {
    owner: 'auth service',
    names: standardSecretChain(config.appEnv),
    format: config.secretFormat,
    base64Decode: config.faults.has('secret-base64-decoded'),
    fallback: config.faults.has('fallback-secret') ? FALLBACK_SECRET : undefined,
  });
  const key = await importHmacKey(secret.key);
  return {
    signing: { algorithm: 'HS256', key },
    verification: { algorithm: 'HS256', key },
    secret: { source: secret.source, fingerprint: secretFingerprint(secret.key) },
  };
}

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fieldValue = (value as Record<string, unknown>)[field];
  return typeof fieldValue === 'string' ? fieldValue : undefined;
}
