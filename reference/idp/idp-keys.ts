import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * The provider's signing keys after one rotation: the retired key is still published (its tokens may be alive),
 * the current one signs. A pinned copy of the JWKS taken before the rotation holds the retired key alone.
 */
export type IdpAlg = 'RS256' | 'ES256';

export interface IdpKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** The public key as a PEM (SPKI): what a misconfigured verifier might feed to HMAC. */
  readonly publicPem: string;
}

export interface IdpKeys {
  readonly alg: IdpAlg;
  readonly current: IdpKey;
  readonly retired: IdpKey;
  /** What `jwks_uri` serves. */
  readonly published: { keys: JWK[] };
  /** A copy taken before the rotation. */
  readonly pinnedBeforeRotation: { keys: JWK[] };
}

export async function createIdpKeys(alg: IdpAlg): Promise<IdpKeys> {
  const retired = await idpKey(alg, `${alg.toLowerCase()}-2026-05`);
  const current = await idpKey(alg, `${alg.toLowerCase()}-2026-11`);
  return {
    alg,
    current,
    retired,
    published: { keys: [current.publicJwk, retired.publicJwk] },
    pinnedBeforeRotation: { keys: [retired.publicJwk] },
  };
}

async function idpKey(alg: IdpAlg, kid: string): Promise<IdpKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const publicPem = (createPublicKey({ key: publicJwk as never, format: 'jwk' }) as KeyObject)
    .export({ type: 'spki', format: 'pem' })
    .toString();
  return { kid, privateKey, publicJwk, publicPem };
}
