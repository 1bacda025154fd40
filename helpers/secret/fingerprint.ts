import { createHmac } from 'node:crypto';

/**
 * A fingerprint identifies a secret without revealing it: HMAC-SHA256 keyed with the secret over a fixed label,
 * truncated to 12 hex digits. Unlike a hash prefix of the value, it cannot be used to brute-force short secrets
 * offline without also knowing the label scheme, and it is the same in every language (see vectors.json).
 */
export const FINGERPRINT_LABEL = 'authcanary/secret-fingerprint/v1';

export function fingerprint(key: Uint8Array): string {
  const mac = createHmac('sha256', key).update(FINGERPRINT_LABEL, 'utf8').digest('hex');
  return `fp:${mac.slice(0, 12)}`;
}
