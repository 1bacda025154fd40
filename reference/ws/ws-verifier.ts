import { randomBytes, type KeyObject } from 'node:crypto';
import { DRIFTED_ISSUER } from '../authenticator';
import type { Clock } from '../clock';
import type { ReferenceConfig } from '../config';
import { ConfigError } from '../config-error';
import { importHmacKey, JwtLibraryUnavailable, loadJwtLibrary, type JwtLibrary, type VerifyPolicy } from '../jwt';
import { genericSecretChain, resolveSecret, standardSecretChain } from '../secret';
import { hasWsFault } from './ws-faults';

/**
 * The WebSocket path's own token verifier (as in seed 002, the socket handler had its own extractor). Same policy as the
 * API (issuer, audience, leeway, algorithm, the target's clock, the drift faults), its own secret resolution: the
 * standard chain, or only the generic names under `ws-generic-secret-only`.
 */

export interface WsPrincipal {
  sub: string;
  role: string | null;
  /** `exp` in seconds since the epoch. */
  exp: number;
}

export type WsVerdict =
  { ok: true; principal: WsPrincipal } | { ok: false; reason: string } | { ok: false; reason: 'unavailable' };

export interface WsVerifier {
  verify(token: string): Promise<WsVerdict>;
  leewaySeconds: number;
}

export async function createWsVerifier(
  config: ReferenceConfig,
  clock: Clock,
  authService: { rsaPublicKey?: KeyObject },
): Promise<WsVerifier> {
  const { faults } = config;
  const jwt = tryLoad(faults.has('jwt-lib-missing') || faults.has('jwt-lib-missing-401'));
  const key = await verificationKey(config, authService.rsaPublicKey);
  const leewaySeconds = faults.has('leeway-zero') ? 0 : config.leewaySeconds;
  const policy: Omit<VerifyPolicy, 'now'> = {
    ...key,
    issuer: faults.has('issuer-drift') ? DRIFTED_ISSUER : config.issuer,
    audience: faults.has('audience-drift') ? `${config.audience}-v2` : config.audience,
    leewaySeconds,
  };
  return {
    leewaySeconds,
    async verify(token) {
      if (jwt === undefined) return { ok: false, reason: 'unavailable' };
      const verified = await jwt.verify(token, { ...policy, now: clock.now() });
      if (!verified.ok) return verified;
      const { sub, role, exp, token_use: tokenUse } = verified.claims;
      if (tokenUse === 'refresh') return { ok: false, reason: 'unexpected "token_use" claim value' };
      if (typeof sub !== 'string' || sub === '') return { ok: false, reason: 'unexpected "sub" claim value' };
      return { ok: true, principal: { sub, role: typeof role === 'string' ? role : null, exp: exp ?? 0 } };
    },
  };
}

function tryLoad(simulateMissing: boolean): JwtLibrary | undefined {
  try {
    return loadJwtLibrary({ simulateMissing });
  } catch (error) {
    if (error instanceof JwtLibraryUnavailable) return undefined;
    throw error;
  }
}

async function verificationKey(
  config: ReferenceConfig,
  rsaPublicKey: KeyObject | undefined,
): Promise<Pick<VerifyPolicy, 'algorithm' | 'key'>> {
  if (config.faults.has('alg-rs256')) {
    if (rsaPublicKey === undefined) throw new Error('alg-rs256: the auth service published no public key');
    return { algorithm: 'RS256', key: rsaPublicKey };
  }
  const names = hasWsFault(config, 'ws-generic-secret-only')
    ? genericSecretChain()
    : standardSecretChain(config.appEnv);
  try {
    const secret = resolveSecret(config.env, { owner: 'WebSocket', names, format: config.secretFormat });
    return { algorithm: 'HS256', key: await importHmacKey(secret.key) };
  } catch (error) {
    // Nothing it reads is set (only possible under ws-generic-secret-only or fallback-secret, else the target refuses to
    // start): this handler then knows no key at all and refuses every token.
    if (!(error instanceof ConfigError)) throw error;
    return { algorithm: 'HS256', key: await importHmacKey(new Uint8Array(randomBytes(32))) };
  }
}
