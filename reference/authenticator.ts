import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Clock } from './clock';
import type { ReferenceConfig } from './config';
import { parseCookieHeader } from './cookies';
import { importHmacKey, JwtLibraryUnavailable, loadJwtLibrary, type JwtLibrary, type VerifyPolicy } from './jwt';
import {
  FALLBACK_SECRET,
  genericSecretChain,
  MISSPELLED_SECRET_NAME,
  resolveSecret,
  standardSecretChain,
} from './secret';
import { secretFingerprint, type SecretReport } from './secret-fingerprint';

/**
 * The API's authentication: where it looks for the token and how it verifies it. It resolves its own secret and has
 * its own verifier settings, so faults can make it disagree with the auth service. Reusable by any transport.
 */

/** The issuer the API requires under `issuer-drift` (an identity-provider pool that is not the one issuing tokens). */
export const DRIFTED_ISSUER = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_vVAHkuPwr';

export const ACCESS_TOKEN_COOKIE = 'access_token';

export interface Principal {
  sub: string;
  role: string | null;
}

export type AuthOutcome =
  | { kind: 'authenticated'; principal: Principal }
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string }
  /** The JWT library failed to load: nothing can be verified. */
  | { kind: 'unavailable' };

export interface Authenticator {
  authenticate(req: IncomingMessage): Promise<AuthOutcome>;
  /** The secret it verifies with, as it would log it (HMAC only). */
  readonly secret?: SecretReport;
}

export async function createAuthenticator(
  config: ReferenceConfig,
  clock: Clock,
  authService: { rsaPublicKey?: KeyObject; revokedJtis?: ReadonlySet<string> },
): Promise<Authenticator> {
  const { faults } = config;
  const jwt = tryLoadJwtLibrary(faults.has('jwt-lib-missing') || faults.has('jwt-lib-missing-401'));
  const { secret, ...key } = await verificationKey(config, authService.rsaPublicKey);
  const policy = {
    ...key,
    issuer: faults.has('issuer-drift') ? DRIFTED_ISSUER : config.issuer,
    audience:
      faults.has('audience-drift') || faults.has('audience-drift-opaque') ? `${config.audience}-v2` : config.audience,
    leewaySeconds: faults.has('leeway-zero') || faults.has('date-lag') ? 0 : config.leewaySeconds,
  };
  const sources = { header: !faults.has('header-ignored'), cookie: !faults.has('cookie-ignored') };
  // fallback-secret-beside: a second, built-in key is accepted next to the configured one (a "migration" left on).
  const fallbackKey = faults.has('fallback-secret-beside')
    ? await importHmacKey(new TextEncoder().encode(FALLBACK_SECRET))
    : undefined;
  const revoked = authService.revokedJtis ?? new Set<string>();

  return {
    ...(secret ? { secret } : {}),
    async authenticate(req) {
      if (jwt === undefined) return { kind: 'unavailable' };
      const token = extractToken(req, sources);
      if (token === undefined) return { kind: 'missing' };
      let verified = await jwt.verify(token, { ...policy, now: clock.now() });
      if (!verified.ok && fallbackKey !== undefined)
        verified = await jwt.verify(token, { ...policy, algorithm: 'HS256', key: fallbackKey, now: clock.now() });
      if (!verified.ok) return { kind: 'invalid', reason: verified.reason };
      const { sub, role, token_use: tokenUse, jti } = verified.claims;
      if (tokenUse === 'refresh' && !faults.has('refresh-as-access'))
        return { kind: 'invalid', reason: 'unexpected "token_use" claim value' };
      if (typeof jti === 'string' && revoked.has(jti)) return { kind: 'invalid', reason: 'token revoked' };
      // `api-requires-token-type`: like simplejwt, only tokens typed as access tokens pass.
      if (faults.has('api-requires-token-type') && verified.claims['token_type'] !== 'access')
        return { kind: 'invalid', reason: 'Token has no type' };
      if (typeof sub !== 'string' || sub === '') return { kind: 'invalid', reason: 'unexpected "sub" claim value' };
      return { kind: 'authenticated', principal: { sub, role: typeof role === 'string' ? role : null } };
    },
  };
}

/**
 * `Authorization: Bearer <jwt>` first, then the `access_token` cookie. A present but empty Bearer value is returned as
 * an (invalid) empty token, not as "missing".
 */
export function extractToken(req: IncomingMessage, sources: { header: boolean; cookie: boolean }): string | undefined {
  if (sources.header) {
    const match = /^Bearer(?:\s+(.*))?$/i.exec(req.headers.authorization?.trim() ?? '');
    if (match !== null) return match[1]?.trim() ?? '';
  }
  if (sources.cookie) {
    const cookie = parseCookieHeader(req.headers.cookie).get(ACCESS_TOKEN_COOKIE);
    if (cookie !== undefined && cookie !== '') return cookie;
  }
  return undefined;
}

function tryLoadJwtLibrary(simulateMissing: boolean): JwtLibrary | undefined {
  try {
    return loadJwtLibrary({ simulateMissing });
  } catch (error) {
    if (error instanceof JwtLibraryUnavailable) return undefined;
    throw error;
  }
}

/**
 * Healthy: HS256 with the full secret chain. The secret faults change only this side: `api-generic-secret-only` skips
 * `JWT_SECRET_{ENV}`, `api-raw-json-secret` keys with the whole JSON document, `fallback-secret` reads a misspelled
 * name and falls back to the built-in key. Under `alg-rs256` it accepts only RS256 with the auth service's public key.
 */
async function verificationKey(
  config: ReferenceConfig,
  rsaPublicKey: KeyObject | undefined,
): Promise<Pick<VerifyPolicy, 'algorithm' | 'key'> & { secret?: SecretReport }> {
  const { faults } = config;
  if (faults.has('alg-rs256')) {
    if (rsaPublicKey === undefined) throw new Error('alg-rs256: the auth service published no public key');
    return { algorithm: 'RS256', key: rsaPublicKey };
  }
  const names = faults.has('fallback-secret')
    ? [MISSPELLED_SECRET_NAME]
    : faults.has('api-generic-secret-only')
      ? genericSecretChain()
      : standardSecretChain(config.appEnv);
  const secret = resolveSecret(config.env, {
    owner: 'API',
    names,
    format: config.secretFormat,
    jsonDocumentAsKey: faults.has('api-raw-json-secret'),
    base64Decode: faults.has('secret-base64-decoded'),
    fallback: faults.has('fallback-secret') ? FALLBACK_SECRET : undefined,
  });
  return {
    algorithm: 'HS256',
    key: await importHmacKey(secret.key),
    secret: { source: secret.source, fingerprint: secretFingerprint(secret.key) },
  };
}
