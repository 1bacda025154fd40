import { compactVerify } from 'jose';
import type { SigningKey } from './signing-key';

/**
 * Checks only the signature (no claims): "which key signed this token?".
 * Returns false for any failure; the reason is not needed to rank candidates.
 */
export async function signatureVerifies(token: string, key: SigningKey): Promise<boolean> {
  try {
    await compactVerify(token, key.key, { algorithms: [key.alg] });
    return true;
  } catch {
    return false;
  }
}
