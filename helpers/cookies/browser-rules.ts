import type { DiagnosisCode } from '../diagnosis/catalogue';
import type { ParsedSetCookie } from './parse-set-cookie';

/**
 * Which specification a rule follows. Chromium and RFC 6265bis agree on most of them; where they differ the rule says
 * whose verdict the audit gives (a canary cares what browsers do, so Chromium wins and the RFC is named beside it).
 */
export type Follows = 'chromium+rfc6265bis' | 'chromium (RFC 6265bis differs)' | 'chromium+chips';

/** One reason a browser refuses to store a Set-Cookie line. */
export interface Refusal {
  readonly code: DiagnosisCode;
  /** Short, value-free; names Chromium's CDP reason where it gives one. */
  readonly why: string;
  readonly follows: Follows;
}

const PREFIXES: ReadonlyArray<{
  readonly prefix: string;
  readonly needs: ReadonlyArray<'secure' | 'httpOnly' | 'hostOnlyRoot'>;
}> = [
  { prefix: '__host-http-', needs: ['secure', 'httpOnly', 'hostOnlyRoot'] },
  { prefix: '__host-', needs: ['secure', 'hostOnlyRoot'] },
  { prefix: '__http-', needs: ['secure', 'httpOnly'] },
  { prefix: '__secure-', needs: ['secure'] },
];

/**
 * The reasons Chromium (and RFC 6265bis) refuse the whole line. An empty list means a browser stores it, as far as the
 * line alone can tell (Domain against the request host, and third-party blocking, depend on the request).
 */
export function browserRefusals(cookie: ParsedSetCookie, maxBytes: number): Refusal[] {
  const out: Refusal[] = [];
  if (cookie.controlCharacter)
    out.push({
      code: 'AC_COOKIE_BROWSER_REJECTED',
      why: 'holds a control character (DisallowedCharacter): browsers ignore the whole line',
      follows: 'chromium+rfc6265bis',
    });
  else if (cookie.tabInNameValue)
    out.push({
      code: 'AC_COOKIE_BROWSER_REJECTED',
      why: 'holds a tab inside its name or value (DisallowedCharacter): Chromium ignores the line, RFC 6265bis would keep it',
      follows: 'chromium (RFC 6265bis differs)',
    });
  if (cookie.nameValueBytes > maxBytes)
    out.push({
      code: 'AC_COOKIE_OVERSIZED',
      why: `is ${cookie.nameValueBytes} bytes (name+value), browsers drop cookies over ${maxBytes}`,
      follows: 'chromium+rfc6265bis',
    });
  if (cookie.sameSite === 'None' && !cookie.secure)
    out.push({
      code: 'AC_COOKIE_SAMESITE_NONE_INSECURE',
      why: 'is SameSite=None without Secure (SameSiteNoneInsecure): browsers reject it',
      follows: 'chromium+rfc6265bis',
    });
  if (cookie.partitioned && !cookie.secure)
    out.push({
      code: 'AC_COOKIE_PARTITIONED_INSECURE',
      why: 'is Partitioned without Secure: Chromium drops it without a CDP reason',
      follows: 'chromium+chips',
    });
  const prefixViolation = prefixRule(cookie);
  if (prefixViolation !== undefined)
    out.push({ code: 'AC_COOKIE_PREFIX_VIOLATION', why: prefixViolation, follows: 'chromium+rfc6265bis' });
  return out;
}

/** Prefixes match case-insensitively (`__HOST-`, `__host-` are __Host- cookies to Chromium: InvalidPrefix). */
function prefixRule(cookie: ParsedSetCookie): string | undefined {
  if (cookie.name === '') {
    return cookie.namelessPrefixed
      ? 'is nameless with a value that starts with __Secure- or __Host- (InvalidPrefix)'
      : undefined;
  }
  const lower = cookie.name.toLowerCase();
  const rule = PREFIXES.find((item) => lower.startsWith(item.prefix));
  if (rule === undefined) return undefined;
  const written = cookie.name.slice(0, rule.prefix.length);
  const missing: string[] = [];
  if (rule.needs.includes('secure') && !cookie.secure) missing.push('Secure');
  if (rule.needs.includes('httpOnly') && !cookie.httpOnly) missing.push('HttpOnly');
  if (rule.needs.includes('hostOnlyRoot') && cookie.path !== '/') missing.push('Path=/');
  if (rule.needs.includes('hostOnlyRoot') && cookie.domain !== undefined) missing.push('no Domain');
  if (missing.length === 0) return undefined;
  return `has the ${written} prefix (matched case-insensitively) but lacks ${missing.join(', ')} (InvalidPrefix)`;
}
