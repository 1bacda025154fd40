/**
 * Narrow and declared (design notes §5): only idempotent methods, only network failures and gateway 5xx.
 * A 401/403 is never retried: it is the answer. A 500 is never retried: on an auth route it may be the defect.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);

export interface RetryPolicy {
  readonly retries: number;
  /** Delay before attempt n (1-based retry number). Injected, so tests never wait. */
  readonly delayMs: (retry: number) => number;
}

export function shouldRetry(
  method: string,
  outcome: { status: number } | { errorCode: string },
  attempt: number,
  policy: RetryPolicy,
): boolean {
  if (attempt > policy.retries || !IDEMPOTENT_METHODS.has(method.toUpperCase())) return false;
  return 'status' in outcome ? RETRYABLE_STATUSES.has(outcome.status) : RETRYABLE_ERROR_CODES.has(outcome.errorCode);
}

export const defaultRetryPolicy = (retries: number): RetryPolicy => ({
  retries,
  delayMs: (retry) => 100 * 2 ** (retry - 1),
});
