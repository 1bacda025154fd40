import { parseDate } from 'tough-cookie';
import { tokenTag } from '../redact/token-tag';

export type SameSite = 'Strict' | 'Lax' | 'None';

/** RFC 6265bis §5.6: attribute values longer than this are ignored (the attribute, not the cookie). */
export const ATTRIBUTE_MAX_BYTES = 1024;

/**
 * One raw Set-Cookie line, parsed as RFC 6265bis §5.6 and Chromium do, keeping what a re-serialised cookie loses: an
 * unknown SameSite value, duplicate attributes, ignored attributes, the byte sizes. The value itself is never kept,
 * only its tag.
 */
export interface ParsedSetCookie {
  /** Empty for a nameless cookie (`opaque; Path=/`): browsers store it under the empty name. */
  readonly name: string;
  readonly valueTag: string;
  readonly valueBytes: number;
  /** name + value, in bytes (the 4096-byte limit applies to this). */
  readonly nameValueBytes: number;
  /** The Path that applies (the last valid one); undefined = the default path of the request URL. */
  readonly path?: string | undefined;
  /** The Domain that applies, lower-cased, leading dot removed; undefined = host-only (absent or empty). */
  readonly domain?: string | undefined;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly partitioned: boolean;
  /** As written, if any (e.g. "lax", "none", "bogus"). */
  readonly sameSiteRaw?: string | undefined;
  /** Normalised; undefined when absent or not a valid value (browsers then default to Lax). */
  readonly sameSite?: SameSite | undefined;
  readonly maxAge?: number | undefined;
  /** Read with the RFC 6265bis §5.1.1 date algorithm (tough-cookie's parseDate), never Date.parse. */
  readonly expires?: Date | undefined;
  /** True when the line deletes the cookie (Max-Age <= 0, or else Expires at or before `now`). */
  readonly clears: boolean;
  /** True when the line holds a control character (%x00-08 / %x0A-1F / %x7F): browsers ignore the whole line. */
  readonly controlCharacter: boolean;
  /** A tab inside the (trimmed) name or value: Chromium refuses the line (DisallowedCharacter), RFC 6265bis allows it. */
  readonly tabInNameValue: boolean;
  /** A nameless cookie whose value starts with __Secure- or __Host- (any case): RFC 6265bis and Chromium refuse it. */
  readonly namelessPrefixed: boolean;
  /** Attributes ignored because their value is over ATTRIBUTE_MAX_BYTES (names only). */
  readonly ignoredAttributes: readonly string[];
  /** Attribute names as they appear, in order (evidence). */
  readonly attributeNames: readonly string[];
  /** The line with the value replaced by its tag. */
  readonly redacted: string;
}

const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const trimWsp = (text: string) => text.replace(/^[ \t]+|[ \t]+$/g, '');

/** undefined only when browsers ignore the line with nothing to report (empty name and value). */
export function parseSetCookie(line: string, now: Date = new Date()): ParsedSetCookie | undefined {
  const semi = line.indexOf(';');
  const pair = semi === -1 ? line : line.slice(0, semi);
  const eq = pair.indexOf('=');
  const name = eq === -1 ? '' : trimWsp(pair.slice(0, eq));
  const value = trimWsp(eq === -1 ? pair : pair.slice(eq + 1));
  if (name === '' && value === '') return undefined;
  const attrs = new Map<string, string>();
  const attributeNames: string[] = [];
  const ignoredAttributes: string[] = [];
  for (const part of semi === -1 ? [] : line.slice(semi + 1).split(';')) {
    const sep = part.indexOf('=');
    const key = trimWsp(sep === -1 ? part : part.slice(0, sep));
    const attrValue = sep === -1 ? '' : trimWsp(part.slice(sep + 1));
    if (key === '') continue;
    attributeNames.push(key);
    if (Buffer.byteLength(attrValue) > ATTRIBUTE_MAX_BYTES) {
      ignoredAttributes.push(key);
      continue;
    }
    const lower = key.toLowerCase();
    // An empty Domain is ignored (host-only stays); a Path not starting with "/" means the default path.
    if (lower === 'domain' && attrValue === '') continue;
    attrs.set(lower, attrValue);
  }
  const sameSiteRaw = attrs.get('samesite');
  const maxAgeText = attrs.get('max-age');
  const maxAge = maxAgeText !== undefined && /^-?\d+$/.test(maxAgeText) ? Number(maxAgeText) : undefined;
  const expiresText = attrs.get('expires');
  const expires = expiresText === undefined ? undefined : parseDate(expiresText);
  const clears = maxAge !== undefined ? maxAge <= 0 : expires !== undefined && expires.getTime() <= now.getTime();
  const pathText = attrs.get('path');
  const domainText = attrs.get('domain');
  const valueTag = value === '' ? '' : tokenTag(value);
  return {
    name,
    valueTag,
    valueBytes: Buffer.byteLength(value),
    nameValueBytes: Buffer.byteLength(name) + Buffer.byteLength(value),
    path: pathText?.startsWith('/') ? pathText : undefined,
    domain: domainText === undefined ? undefined : domainText.replace(/^\./, '').toLowerCase(),
    secure: attrs.has('secure'),
    httpOnly: attrs.has('httponly'),
    partitioned: attrs.has('partitioned'),
    sameSiteRaw,
    sameSite: normaliseSameSite(sameSiteRaw),
    maxAge,
    expires,
    clears,
    controlCharacter: CONTROL.test(line),
    tabInNameValue: name.includes('\t') || value.includes('\t'),
    namelessPrefixed: name === '' && /^__(secure|host)-/i.test(value),
    ignoredAttributes,
    attributeNames,
    redacted: `${eq === -1 ? '' : `${name}=`}${valueTag}${semi === -1 ? '' : line.slice(semi)}`,
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

/** The name as reports show it: a nameless cookie is `(nameless)`. */
export function cookieLabel(cookie: Pick<ParsedSetCookie, 'name'>): string {
  return cookie.name === '' ? '(nameless)' : cookie.name;
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
  if (cookie.ignoredAttributes.length > 0)
    parts.push(`ignored over ${ATTRIBUTE_MAX_BYTES} B: ${cookie.ignoredAttributes.join(', ')}`);
  return parts.join('; ');
}
