import { randomBytes, randomUUID } from 'node:crypto';

/** What identifies one request in the backend's own logs and traces. */
export interface RequestMarker {
  /** The `X-Request-Id` sent. */
  readonly requestId: string;
  /** The W3C trace id (32 hex) of the `traceparent` sent. */
  readonly traceId: string;
  /** The full `traceparent` header value. */
  readonly traceparent: string;
  /** Wall-clock time the request was first sent (epoch ms): the backend's logs are stamped in wall-clock time. */
  readonly sentAtMs: number;
}

/**
 * A fresh marker per request: a W3C Trace Context `traceparent` (version 00, sampled) and an `X-Request-Id`.
 * A caller that already set either header keeps its own value; the marker then reports what was really sent.
 * Retries of one send reuse its marker: they are the same logical request.
 */
export function markRequest(headers: Record<string, string>): RequestMarker {
  const existingTrace = headerValue(headers, 'traceparent');
  const parsed = existingTrace ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(existingTrace) : null;
  const traceId = parsed?.[1] ?? randomBytes(16).toString('hex');
  const traceparent = parsed ? (existingTrace as string) : `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  const requestId = headerValue(headers, 'x-request-id') ?? `ac-${randomUUID()}`;
  if (!parsed) headers['traceparent'] = traceparent;
  if (headerValue(headers, 'x-request-id') === undefined) headers['x-request-id'] = requestId;
  return { requestId, traceId, traceparent, sentAtMs: Date.now() };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
