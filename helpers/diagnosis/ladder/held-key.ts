import type { SecretResolution } from '../../secret/resolve-secret';
import { decodeToken } from '../../token/decode-token';
import { hmacKey, isHmacAlg, type SigningKey } from '../../token/signing-key';
import { signatureVerifies } from '../../token/verify-signature';

/**
 * Which key the harness holds verifies this token: its signing key, else another candidate of its chain (HMAC).
 * Undefined when none does, or when the token is not a JWS the harness can check (an asymmetric key verifies nothing here).
 */
export async function heldKeyFor(
  token: string | undefined,
  key: SigningKey,
  resolution: SecretResolution,
): Promise<{ source: string; fingerprint: string } | undefined> {
  if (!token) return undefined;
  const decoded = decodeToken(token);
  const alg = decoded.ok ? decoded.token.header['alg'] : undefined;
  if (typeof alg !== 'string') return undefined;
  if (alg === key.alg && (await signatureVerifies(token, key)))
    return { source: key.source, fingerprint: key.fingerprint };
  if (!isHmacAlg(alg)) return undefined;
  for (const candidate of resolution.candidates) {
    const candidateKey = await hmacKey(candidate, alg).catch(() => undefined);
    if (candidateKey && (await signatureVerifies(token, candidateKey)))
      return { source: candidate.source, fingerprint: candidate.fingerprint };
  }
  return undefined;
}
