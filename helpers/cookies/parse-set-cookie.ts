import { tokenTag } from '../redact/token-tag';

export type SameSite = 'Strict' | 'Lax' | 'None';

/**
 * One raw Set-Cookie line, parsed as browsers do (RFC 6265bis §5.6) but keeping what a re-serialised cookie loses:
 * an unknown SameSite value, duplicate attributes, the byte sizes. The value itself is never kept, only its tag.
 */
export interface ParsedSetCookie {
  readonly name: string;
  readonly valueTag: string;
  readonly valueBytes: number;
  /** name + value, in bytes (the 4096-byte limit applies to this). */
  readonly nameValueBytes: number;
  readonly path?: string | undefined;
  readonly domain?: string | undefined;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly partitioned: boolean;
  /** As written, if any (e.g. "lax", "none", "bogus"). */
  readonly sameSiteRaw?: string | undefined;
  /** Normalised; undefined when absent or not a valid value (browsers then default to Lax). */
  readonly sameSite?: SameSite | undefined;
  readonly maxAge?: number | undefined;
  readonly expires?: Date | undefined;
  /** True when the line deletes the cookie (Max-Age <= 0 or Expires in the past relative to `now`). */
  readonly clears: boolean;
  /** Attribute names as they appear, in order (evidence). */
  readonly attributeNames: readonly string[];
  /** The line with the value replaced by its tag. */
  readonly redacted: string;
}

export function parseSetCookie(line: string, now: Date = new Date()): ParsedSetCookie | undefined {
  const parts = line.split(';');
  const pair = parts[0] ?? '';
  const eq = pair.indexOf('=');
  if (eq === -1) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (name === '') return undefined;
  const attrs = new Map<string, string>();
  const attributeNames: string[] = [];
  for (const part of parts.slice(1)) {
    const sep = part.indexOf('=');
    const key = (sep === -1 ? part : part.slice(0, sep)).trim();
    if (key === '') continue;
    attributeNames.push(key);
    attrs.set(key.toLowerCase(), sep === -1 ? '' : part.slice(sep + 1).trim());
  }
  const sameSiteRaw = attrs.get('samesite');
  const sameSite = normaliseSameSite(sameSiteRaw);
  const maxAgeText = attrs.get('max-age');
  const maxAge = maxAgeText !== undefined && /^-?\d+$/.test(maxAgeText) ? Number(maxAgeText) : undefined;
  const expiresText = attrs.get('expires');
  const expires =
    expiresText !== undefined && !Number.isNaN(Date.parse(expiresText)) ? new Date(expiresText) : undefined;
  const clears = maxAge !== undefined ? maxAge <= 0 : expires !== undefined && expires.getTime() <= now.getTime();
  const valueTag = value === '' ? '' : tokenTag(value);
  const rest = line.slice(pair.length);
  return {
    name,
    valueTag,
    valueBytes: Buffer.byteLength(value),
    nameValueBytes: Buffer.byteLength(name) + Buffer.byteLength(value),
    path: attrs.get('path'),
    domain: attrs.get('domain'),
    secure: attrs.has('secure'),
    httpOnly: attrs.has('httponly'),
    partitioned: attrs.has('partitioned'),
    sameSiteRaw,
    sameSite,
    maxAge,
    expires,
    clears,
    attributeNames,
    redacted: `${name}=${valueTag}${rest}`,
  };
}

function normaliseSameSite(raw: string | undefined): SameSite | undefined {
  switch (raw?.toLowerCase()) {
    case 'strict':
      return 'Strict';
    case 'lax':
      return 'Lax';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

/** The attributes of a parsed line as a short, value-free string for tables: `Path=/; SameSite=None; Secure; HttpOnly`. */
export function describeAttributes(cookie: ParsedSetCookie): string {
  const parts: string[] = [];
  parts.push(`Path=${cookie.path ?? '(default)'}`);
  if (cookie.domain !== undefined) parts.push(`Domain=${cookie.domain}`);
  parts.push(`SameSite=${cookie.sameSiteRaw ?? '(missing)'}`);
  if (cookie.secure) parts.push('Secure');
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.partitioned) parts.push('Partitioned');
  return parts.join('; ');
}
