import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import type { CookieExpectation } from '../env/cookie-env';
import { browserRefusals } from './browser-rules';
import { cookieLabel, describeAttributes, parseSetCookie, type ParsedSetCookie } from './parse-set-cookie';

export const COOKIE_MAX_BYTES = 4096;

export interface AuditInput {
  /** The raw Set-Cookie lines of one response, exactly as received. */
  readonly lines: readonly string[];
  /** e.g. "login", "refresh": for the summaries. */
  readonly step: string;
  readonly expectations: readonly CookieExpectation[];
  /** Names of the cookies used by credentialed calls from another site (the app origin). */
  readonly crossSiteCookies: ReadonlySet<string>;
  readonly maxBytes?: number;
  /** Declared cookies that this response must set (login/refresh); none for logout. */
  readonly mustSet?: readonly string[];
}

export interface AuditResult {
  readonly cookies: readonly ParsedSetCookie[];
  readonly diagnoses: readonly Diagnosis[];
}

/**
 * Audits every Set-Cookie line of a response on the raw header: the browser's own rules (browser-rules.ts: control
 * characters, size, SameSite=None and Partitioned need Secure, prefixes in any case; SameSite default Lax for cross-site
 * cookies) and the env's declared attributes. A declared cookie must still be stored after the whole response. Clearing lines
 * (logout) are only checked by the logout check, which compares them to the lines that set the cookie.
 */
export function auditSetCookies(input: AuditInput): AuditResult {
  const maxBytes = input.maxBytes ?? COOKIE_MAX_BYTES;
  const cookies = input.lines
    .map((line) => parseSetCookie(line))
    .filter((cookie): cookie is ParsedSetCookie => cookie !== undefined);
  const found: Diagnosis[] = [];
  // A line browsers refuse is reported by its own rule; here only "never set" and "set, then cleared" count.
  const stored = storedAfter(cookies, () => false);
  for (const name of input.mustSet ?? []) {
    if (!stored.some((cookie) => cookie.name === name)) {
      const lines = cookies.filter((cookie) => cookie.name === name);
      const why =
        lines.length === 0 ? 'no Set-Cookie for it' : 'it is set and then cleared by a later line of the same response';
      found.push(
        diagnosis('AC_COOKIE_NOT_SET', `${input.step}: ${name} is not set: ${why}`, {
          step: input.step,
          setCookies: cookies.map((cookie) => cookie.redacted),
        }),
      );
    }
  }
  for (const cookie of cookies) {
    if (cookie.clears) continue;
    found.push(...browserRules(cookie, input.step, maxBytes, input.crossSiteCookies.has(cookie.name)));
    const expected = input.expectations.find((item) => item.name === cookie.name);
    if (expected !== undefined) found.push(...compareToExpectation(cookie, expected, input.step));
  }
  return { cookies, diagnoses: found };
}

/**
 * The cookies a browser holds after applying one response's lines in order: a later line with the same name, Domain and
 * Path replaces or clears an earlier one; lines `refused` are skipped (default: the browser rules).
 */
export function storedAfter(
  cookies: readonly ParsedSetCookie[],
  refused: (cookie: ParsedSetCookie) => boolean = (cookie) => browserRefusals(cookie, COOKIE_MAX_BYTES).length > 0,
): ParsedSetCookie[] {
  const jar = new Map<string, ParsedSetCookie>();
  for (const cookie of cookies) {
    if (refused(cookie)) continue;
    const key = `${cookie.name}\u0000${cookie.domain ?? ''}\u0000${cookie.path ?? ''}`;
    if (cookie.clears) jar.delete(key);
    else jar.set(key, cookie);
  }
  return [...jar.values()];
}

function browserRules(cookie: ParsedSetCookie, step: string, maxBytes: number, crossSite: boolean): Diagnosis[] {
  const label = cookieLabel(cookie);
  const evidence = { step, cookie: label, setCookie: cookie.redacted, attributes: describeAttributes(cookie) };
  const out = browserRefusals(cookie, maxBytes).map((refusal) =>
    diagnosis(refusal.code, `${step}: ${label} ${refusal.why}`, {
      ...evidence,
      follows: refusal.follows,
      ...(refusal.code === 'AC_COOKIE_OVERSIZED' ? { bytes: cookie.nameValueBytes, limit: maxBytes } : {}),
    }),
  );
  if (crossSite && cookie.sameSite !== 'None') {
    const why =
      cookie.sameSite === undefined
        ? `has no valid SameSite (${cookie.sameSiteRaw === undefined ? 'missing' : `"${cookie.sameSiteRaw}"`}): Chromium treats it as Lax, tough-cookie as None`
        : `is SameSite=${cookie.sameSite}`;
    out.push(
      diagnosis(
        'AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE',
        `${step}: ${label} ${why}, yet it is used by cross-site calls from the app`,
        { ...evidence, follows: 'chromium (RFC 6265bis leaves the default to the browser)' },
      ),
    );
  }
  return out;
}

function compareToExpectation(cookie: ParsedSetCookie, expected: CookieExpectation, step: string): Diagnosis[] {
  const differences: string[] = [];
  if (expected.path !== undefined && cookie.path !== expected.path)
    differences.push(`Path=${cookie.path ?? '(default)'} (expected ${expected.path})`);
  if (expected.sameSite !== undefined && cookie.sameSite !== expected.sameSite)
    differences.push(`SameSite=${cookie.sameSiteRaw ?? '(missing)'} (expected ${expected.sameSite})`);
  if (expected.secure !== undefined && cookie.secure !== expected.secure)
    differences.push(`Secure ${cookie.secure ? 'present' : 'missing'}`);
  if (expected.httpOnly !== undefined && cookie.httpOnly !== expected.httpOnly)
    differences.push(`HttpOnly ${cookie.httpOnly ? 'present' : 'missing'}`);
  if (expected.partitioned !== undefined && cookie.partitioned !== expected.partitioned)
    differences.push(`Partitioned ${cookie.partitioned ? 'present' : 'missing'}`);
  if (expected.domain !== undefined && (cookie.domain ?? '') !== expected.domain)
    differences.push(`Domain=${cookie.domain ?? '(host-only)'} (expected ${expected.domain || 'host-only'})`);
  if (differences.length === 0) return [];
  return [
    diagnosis('AC_COOKIE_ATTRIBUTE_MISMATCH', `${step}: ${cookie.name}: ${differences.join(', ')}`, {
      step,
      cookie: cookie.name,
      setCookie: cookie.redacted,
      differences,
    }),
  ];
}
