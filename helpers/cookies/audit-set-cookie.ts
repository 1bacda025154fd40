import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import type { CookieExpectation } from '../env/cookie-env';
import { describeAttributes, parseSetCookie, type ParsedSetCookie } from './parse-set-cookie';

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
 * Audits every Set-Cookie line of a response on the raw header: the browser's own rules (SameSite=None needs Secure,
 * prefixes, size, SameSite default Lax for cross-site cookies) and the env's declared attributes. Clearing lines
 * (logout) are only checked by the logout check, which compares them to the lines that set the cookie.
 */
export function auditSetCookies(input: AuditInput): AuditResult {
  const maxBytes = input.maxBytes ?? COOKIE_MAX_BYTES;
  const cookies = input.lines
    .map((line) => parseSetCookie(line))
    .filter((cookie): cookie is ParsedSetCookie => cookie !== undefined);
  const found: Diagnosis[] = [];
  for (const name of input.mustSet ?? []) {
    if (!cookies.some((cookie) => cookie.name === name && !cookie.clears)) {
      found.push(
        diagnosis('AC_COOKIE_NOT_SET', `${input.step}: no Set-Cookie for ${name}`, {
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

function browserRules(cookie: ParsedSetCookie, step: string, maxBytes: number, crossSite: boolean): Diagnosis[] {
  const out: Diagnosis[] = [];
  const evidence = { step, cookie: cookie.name, setCookie: cookie.redacted, attributes: describeAttributes(cookie) };
  if (cookie.nameValueBytes > maxBytes) {
    out.push(
      diagnosis(
        'AC_COOKIE_OVERSIZED',
        `${step}: ${cookie.name} is ${cookie.nameValueBytes} bytes (name+value), browsers drop cookies over ${maxBytes}`,
        { ...evidence, bytes: cookie.nameValueBytes, limit: maxBytes },
      ),
    );
  }
  if (cookie.sameSite === 'None' && !cookie.secure) {
    out.push(
      diagnosis(
        'AC_COOKIE_SAMESITE_NONE_INSECURE',
        `${step}: ${cookie.name} is SameSite=None without Secure: browsers reject it`,
        evidence,
      ),
    );
  }
  if (cookie.name.startsWith('__Secure-') && !cookie.secure) {
    out.push(
      diagnosis(
        'AC_COOKIE_PREFIX_VIOLATION',
        `${step}: ${cookie.name} has the __Secure- prefix but no Secure`,
        evidence,
      ),
    );
  }
  if (cookie.name.startsWith('__Host-') && (!cookie.secure || cookie.path !== '/' || cookie.domain !== undefined)) {
    out.push(
      diagnosis(
        'AC_COOKIE_PREFIX_VIOLATION',
        `${step}: ${cookie.name} has the __Host- prefix but lacks Secure, Path=/ or has a Domain`,
        evidence,
      ),
    );
  }
  if (crossSite && cookie.sameSite !== 'None') {
    const why =
      cookie.sameSite === undefined
        ? `has no valid SameSite (${cookie.sameSiteRaw === undefined ? 'missing' : `"${cookie.sameSiteRaw}"`}): Chromium treats it as Lax, tough-cookie as None`
        : `is SameSite=${cookie.sameSite}`;
    out.push(
      diagnosis(
        'AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE',
        `${step}: ${cookie.name} ${why}, yet it is used by cross-site calls from the app`,
        evidence,
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
