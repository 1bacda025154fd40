import { createHash } from 'node:crypto';

/**
 * A short tag that identifies a token or cookie value across records (same value, same tag)
 * without revealing it: a tag of a high-entropy value cannot be turned back into it.
 */
export function tokenTag(value: string): string {
  return `[redacted #${createHash('sha256').update(value).digest('hex').slice(0, 8)}]`;
}
