import { tokenTag } from './token-tag';

export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

const SENSITIVE = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-auth-token',
  'sec-websocket-protocol',
]);

/** Copies headers for a record: credentials become tags, cookie names and attributes stay, values go. */
export function redactHeaders(headers: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    const values = typeof rawValue === 'string' ? [rawValue] : [...rawValue];
    out[name] = values.map((value) => redactHeaderValue(name, value)).join(name === 'set-cookie' ? '\n' : ', ');
  }
  return out;
}

export function redactHeaderValue(name: string, value: string): string {
  if (SENSITIVE.has(name)) {
    const space = value.indexOf(' ');
    return space > 0 && name.endsWith('authorization')
      ? `${value.slice(0, space)} ${tokenTag(value.slice(space + 1))}`
      : tokenTag(value);
  }
  if (name === 'cookie') return redactCookieHeader(value);
  if (name === 'set-cookie') return redactSetCookie(value);
  return value;
}

/**
 * `a=1; b=2; opaque` → `a=[redacted #…]; b=[redacted #…]; [redacted #…]`. A pair without "=" is a nameless cookie
 * (browsers send its value alone), so it is a value too.
 */
export function redactCookieHeader(value: string): string {
  return value
    .split(';')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair.trim() === '' ? '' : tokenTag(pair.trim());
      return `${pair.slice(0, eq).trim()}=${tokenTag(pair.slice(eq + 1).trim())}`;
    })
    .join('; ');
}

/**
 * `sid=abc; Path=/; HttpOnly` → `sid=[redacted #…]; Path=/; HttpOnly` (attributes are evidence; the value is not).
 * `opaque; Path=/` is a nameless cookie (RFC 6265bis; Chromium stores it under the empty name): all of `opaque` is
 * its value → `[redacted #…]; Path=/`.
 */
export function redactSetCookie(value: string): string {
  const semi = value.indexOf(';');
  const pair = semi === -1 ? value : value.slice(0, semi);
  const rest = semi === -1 ? '' : value.slice(semi);
  const eq = pair.indexOf('=');
  const cookieValue = (eq === -1 ? pair : pair.slice(eq + 1)).trim();
  const tagged = cookieValue === '' ? '' : tokenTag(cookieValue);
  return `${eq === -1 ? '' : `${pair.slice(0, eq).trim()}=`}${tagged}${rest}`;
}

/** Query parameters that commonly carry credentials. */
const SENSITIVE_PARAMS =
  /^(access_token|id_token|refresh_token|token|jwt|code|password|api_key|apikey|key|sig|signature)$/i;

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (SENSITIVE_PARAMS.test(key)) parsed.searchParams.set(key, tokenTag(parsed.searchParams.get(key) ?? ''));
    }
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return url;
  }
}
