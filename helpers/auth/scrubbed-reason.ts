import type { HttpExchange } from '../http/exchange';
import { readServerReason } from '../http/response-reason';
import { Scrubber } from '../redact/scrubber';

const MAX = 200;

/**
 * Why a server refused an auth step, in its own words (helpers/http/response-reason.ts reads it from wherever the
 * common libraries put it; FastAPI's echoed `input` is never read), on one line, scrubbed of the given values and of
 * anything JWT-shaped, at most 200 characters.
 */
export function serverReason(
  exchange: HttpExchange,
  sensitive: readonly (string | Uint8Array)[] = [],
): string | undefined {
  const found = readServerReason(exchange);
  if (found === undefined) return undefined;
  const scrubber = new Scrubber();
  for (const value of sensitive) scrubber.add(value);
  // simplejwt puts the general verdict in `detail` and the cause in `messages[].message`: a person wants both.
  const detail = found.from === 'messages[0].message' ? detailOf(exchange) : undefined;
  const said = detail && detail !== found.text ? `${detail}: ${found.text}` : found.text;
  const text = scrubber.scrub(said.replace(/\s+/g, ' ').trim());
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text || undefined;
}

function detailOf(exchange: HttpExchange): string | undefined {
  try {
    const body = exchange.json() as { detail?: unknown } | undefined;
    return typeof body?.detail === 'string' ? body.detail : undefined;
  } catch {
    return undefined;
  }
}
