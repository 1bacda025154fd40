import { createHmac } from 'node:crypto';

/**
 * What a well-behaved backend logs at start-up instead of its key: the source it resolved and a fingerprint,
 * computed with the scheme of authcanary's conformance vectors (HMAC-SHA256 of a fixed label, keyed with the secret,
 * first 12 hex digits). Implemented here independently, as another team's backend would.
 */
export function secretFingerprint(key: Uint8Array): string {
  return `fp:${createHmac('sha256', key).update('authcanary/secret-fingerprint/v1', 'utf8').digest('hex').slice(0, 12)}`;
}

export interface SecretReport {
  readonly source: string;
  readonly fingerprint: string;
}
