import { createPublicKey, KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import type { SigningKey } from './signing-key';

/** The public half of each asymmetric signing key, derived once: a private CryptoKey may only sign. */
const publicHalves = new WeakMap<CryptoKey, KeyObject>();

function verifyingKey(key: SigningKey): CryptoKey | KeyObject | Uint8Array {
  const material = key.key;
  if (material instanceof Uint8Array || material.type !== 'private') return material;
  let half = publicHalves.get(material);
  if (half === undefined) {
    half = createPublicKey(KeyObject.from(material));
    publicHalves.set(material, half);
  }
  return half;
}

/**
 * Checks only the signature (no claims): "which key signed this token?". An asymmetric key is checked through its
 * public half. Returns false for any failure; the reason is not needed to rank candidates.
 */
export async function signatureVerifies(token: string, key: SigningKey): Promise<boolean> {
  try {
    await compactVerify(token, verifyingKey(key), { algorithms: [key.alg] });
    return true;
  } catch {
    return false;
  }
}
