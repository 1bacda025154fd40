import { GATEWAY_STATUSES } from './status-verdict';

/**
 * Narrow and declared (design notes §5): only idempotent methods, only network failures, gateway 5xx and 429.
 * A 401/403 is never retried: it is the answer. A 500 is never retried: on an auth route it may be the defect.
 * `Retry-After` (seconds or an HTTP date) is honoured when it is within `retryAfterMaxMs`; a longer one ends the
 * retries at once (the answer stands and is classified as infrastructure).
 */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
export const RETRYABLE_STATUSES: ReadonlySet<number> = GATEWAY_STATUSES;
/**
 * A refused, reset or unresolved connection is retried; a timeout is not: a target that hangs or trickles its headers
 * would only make each check wait the timeout once per attempt (10 s × 3 outlasts a 30 s test timeout).
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export interface RetryPolicy {
  readonly retries: number;
  /** Delay before attempt n (1-based retry number). Injected, so tests never wait. */
  readonly delayMs: (retry: number) => number;
  /** The longest Retry-After honoured; a longer one is not waited out. Default 5 s. */
  readonly retryAfterMaxMs?: number;
}

/** Milliseconds a `Retry-After` value asks for (delta-seconds or an HTTP date), or undefined if absent or invalid. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * How long to wait before retrying a retryable status, or undefined to stop: the declared backoff, or the
 * server's Retry-After when given and within the bound.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfter: number | undefined): number | undefined {
  if (retryAfter === undefined) return policy.delayMs(retry);
  return retryAfter <= (policy.retryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS) ? retryAfter : undefined;
}

export const DEFAULT_RETRY_AFTER_MAX_MS = 5_000;

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
