import type { RequestMarker } from './request-marker';
import { redactHeaders, redactUrl } from '../redact/redact-headers';

/** One request and its response, as recorded for evidence: credentials are redacted at the source. */
export interface ExchangeRecord {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly durationMs: number;
  readonly attempts: number;
  readonly requestHeaders: Record<string, string>;
  readonly responseHeaders: Record<string, string>;
  /** Only a short label of what was sent (e.g. "bearer: minted, wrong secret"), never the token. */
  readonly label?: string;
  /** The traceparent / X-Request-Id the request carried, to find it in the backend's logs. */
  readonly marker?: RequestMarker;
}

/** The live exchange, raw headers included, for assertions and diagnosis. Only `record` leaves the process. */
export interface HttpExchange {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly durationMs: number;
  readonly record: ExchangeRecord;
  header(name: string): string | undefined;
  setCookies(): string[];
  json(): unknown;
}

export function makeExchange(input: {
  method: string;
  url: string;
  status: number;
  requestHeaders: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  durationMs: number;
  attempts: number;
  label?: string | undefined;
  marker?: RequestMarker | undefined;
}): HttpExchange {
  const record: ExchangeRecord = {
    method: input.method,
    url: redactUrl(input.url),
    status: input.status,
    durationMs: Math.round(input.durationMs * 10) / 10,
    attempts: input.attempts,
    requestHeaders: redactHeaders(input.requestHeaders),
    responseHeaders: redactHeaders(input.headers),
    ...(input.label ? { label: input.label } : {}),
    ...(input.marker ? { marker: input.marker } : {}),
  };
  return {
    method: input.method,
    url: input.url,
    status: input.status,
    headers: input.headers,
    body: input.body,
    durationMs: input.durationMs,
    record,
    header(name) {
      const value = input.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    setCookies() {
      const value = input.headers['set-cookie'];
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    },
    json() {
      try {
        return JSON.parse(input.body) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}
