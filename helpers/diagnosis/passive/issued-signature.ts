import type { SecretResolution } from '../../secret/resolve-secret';
import { decodeToken } from '../../token/decode-token';
import { hmacKey, isHmacAlg } from '../../token/signing-key';
import { signatureVerifies } from '../../token/verify-signature';
import { diagnosis, type Diagnosis } from '../diagnosis';
import { keyHypotheses } from '../probes/secret-variants';

/**
 * Offline, no request: is a token the target issued signed with the harness's key? If not, which other key
 * the harness knows signs it (another chain candidate, the JSON document, the other encoding, a fallback)?
 * Returns no diagnosis when it verifies, or when the algorithm is not HMAC (no key to check with).
 */
export async function explainIssuedSignature(
  token: string,
  resolution: SecretResolution,
  declaredAlg: string,
): Promise<Diagnosis[]> {
  // The token's own alg decides; an RS256 token under a declared HS256 is algorithm drift, reported elsewhere.
  const decoded = decodeToken(token);
  const alg = decoded.ok ? decoded.token.header['alg'] : undefined;
  if (typeof alg !== 'string' || !isHmacAlg(alg) || !isHmacAlg(declaredAlg)) return [];
  const ours = await hmacKey(resolution.secret, alg);
  if (await signatureVerifies(token, ours)) return [];
  const harness = { source: resolution.source, fingerprint: resolution.fingerprint };
  for (const hypothesis of keyHypotheses(resolution)) {
    const key = await hmacKey(hypothesis.secret, alg).catch(() => undefined);
    if (!key || !(await signatureVerifies(token, key))) continue;
    const signer = { source: hypothesis.secret.source, fingerprint: hypothesis.secret.fingerprint };
    // Another chain candidate signing the issued token means the harness picked the wrong name: a mismatch.
    const code = hypothesis.meaning === 'AC_SERVICES_SECRET_DISAGREE' ? 'AC_SECRET_MISMATCH' : hypothesis.meaning;
    return [
      diagnosis(
        code,
        `the target signs its tokens with ${hypothesis.label} (${signer.fingerprint}); the harness resolved ${resolution.source} (${resolution.fingerprint})`,
        { harness, signer },
      ),
    ];
  }
  return [
    diagnosis(
      'AC_SECRET_MISMATCH',
      `the target signs its tokens with a key the harness does not have; the harness resolved ${resolution.source} (${resolution.fingerprint})`,
      { harness, signer: null },
    ),
  ];
}
