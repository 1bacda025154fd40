import type { HttpExchange } from '../http/exchange';
import { Scrubber } from '../redact/scrubber';

const MAX = 200;

/**
 * Why a server refused an auth step, in its own words, from wherever common libraries put it: `detail` (FastAPI,
 * DRF; for FastAPI's 422 only field locations and messages, never the echoed input), `msg` (flask-jwt-extended),
 * `messages[].message` (simplejwt), `message` (Fastify, Cognito with `__type`), `error_description`/`error`
 * (OAuth2), then `WWW-Authenticate`'s error_description. Scrubbed of the given values and anything JWT-shaped.
 */
export function serverReason(
  exchange: HttpExchange,
  sensitive: readonly (string | Uint8Array)[] = [],
): string | undefined {
  const scrubber = new Scrubber();
  for (const value of sensitive) scrubber.add(value);
  const found = fromJson(exchange.json()) ?? fromWwwAuthenticate(exchange.header('www-authenticate'));
  if (found === undefined) return undefined;
  const text = scrubber.scrub(found.replace(/\s+/g, ' ').trim());
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text || undefined;
}

function fromJson(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const messages = record['messages'];
  if (Array.isArray(messages)) {
    const first = messages.find((item) => typeof (item as { message?: unknown })?.message === 'string') as
      { message: string } | undefined;
    if (first) return typeof record['detail'] === 'string' ? `${record['detail']}: ${first.message}` : first.message;
  }
  const detail = record['detail'];
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const parts = detail
      .map((item) => {
        if (typeof item !== 'object' || item === null) return undefined;
        const loc = (item as { loc?: unknown }).loc;
        const msg = (item as { msg?: unknown }).msg;
        if (typeof msg !== 'string') return undefined;
        return Array.isArray(loc) ? `${loc.join('.')}: ${msg}` : msg;
      })
      .filter((item): item is string => item !== undefined);
    if (parts.length > 0) return parts.join('; ');
  }
  for (const key of ['msg', 'error_description', 'message', 'Message', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) {
      const kind = record['__type'] ?? (key !== 'error' ? record['error'] : undefined);
      return typeof kind === 'string' && kind !== value ? `${kind}: ${value}` : value;
    }
  }
  return undefined;
}

function fromWwwAuthenticate(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const description = /error_description="([^"]*)"/i.exec(header)?.[1];
  const error = /error="([^"]*)"/i.exec(header)?.[1];
  return description ? (error ? `${error}: ${description}` : description) : error;
}
