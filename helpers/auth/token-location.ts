import type { HttpExchange } from '../http/exchange';

/** Where an auth endpoint's response carries a token: a dotted JSON path, a cookie, a response header. */
export interface TokenLocation {
  readonly jsonField?: string | undefined;
  readonly cookie?: string | undefined;
  readonly header?: string | undefined;
}

export type TokenPlace = 'json' | 'cookie' | 'header';

/** A value at a dotted path in a JSON body (`data.token`, `AuthenticationResult.AccessToken`). */
export function jsonPath(value: unknown, dottedPath: string): unknown {
  let current = value;
  for (const key of dottedPath.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A cookie's value exactly as the server wrote it in Set-Cookie (undecoded: its encoding may be the finding). */
export function rawSetCookieValue(setCookies: readonly string[], name: string): string | undefined {
  for (const header of setCookies) {
    const pair = header.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name)
      return pair.slice(eq + 1).length > 0 ? pair.slice(eq + 1) : undefined;
  }
  return undefined;
}

/** The token from the first declared place that holds one: JSON field, then cookie, then header. */
export function tokenFromResponse(
  exchange: HttpExchange,
  where: TokenLocation,
): { token: string; from: TokenPlace } | undefined {
  if (where.jsonField) {
    const token = jsonPath(exchange.json(), where.jsonField);
    if (typeof token === 'string' && token.length > 0) return { token, from: 'json' };
  }
  if (where.cookie) {
    const raw = rawSetCookieValue(exchange.setCookies(), where.cookie);
    const token = raw ? safeDecode(raw.trim().replace(/^"|"$/g, '')) : undefined;
    if (token) return { token, from: 'cookie' };
  }
  if (where.header) {
    const value = exchange.header(where.header)?.trim();
    const token = value?.replace(/^Bearer\s+/i, '');
    if (token) return { token, from: 'header' };
  }
  return undefined;
}

/** Says where a token was expected, for messages ("JSON field access_token or cookie session"). */
export function describeLocation(where: TokenLocation): string {
  return (
    [
      where.jsonField && `JSON field ${where.jsonField}`,
      where.cookie && `cookie ${where.cookie}`,
      where.header && `header ${where.header}`,
    ]
      .filter(Boolean)
      .join(' or ') || 'no declared place'
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
