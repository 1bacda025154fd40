import { createHmac } from 'node:crypto';
import { CompactSign } from 'jose';
import type { Secret } from '../secret/secret';
import type { SigningKey } from './signing-key';

const NODE_HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/**
 * Signs an exact header and payload (no claim added, none checked): how a token the target issued is re-signed with
 * the harness's key, claim for claim, and how its claims are varied one at a time. `alg` always comes from the key.
 */
export async function signClaims(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  key: SigningKey,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ ...header, alg: key.alg })
    .sign(key.key);
}

/**
 * HMAC with node:crypto, which accepts a zero-length key where WebCrypto (and so jose) refuses one: a backend whose
 * secret variable is set but empty signs and verifies with the empty key, so the harness must be able to probe it.
 */
export function signClaimsWithRawHmac(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  secret: Secret,
  alg: string,
): string {
  const hash = NODE_HMAC[alg];
  if (!hash) throw new Error(`signClaimsWithRawHmac: ${alg} is not an HMAC algorithm`);
  const input = `${Buffer.from(JSON.stringify({ ...header, alg })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${createHmac(hash, secret.reveal()).update(input).digest('base64url')}`;
}
