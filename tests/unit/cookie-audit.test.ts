import { test, expect } from '@playwright/test';
import { resolveBrowser } from '../../helpers/browser/resolve-browser';
import { auditSetCookies } from '../../helpers/cookies/audit-set-cookie';
import { parseCookieExpectations, parseCookieRoutes } from '../../helpers/env/cookie-env';
import { DeliveryModel } from '../../helpers/cookies/delivery-model';
import { parseSetCookie } from '../../helpers/cookies/parse-set-cookie';

const expectations = parseCookieExpectations('sid: Path=/; SameSite=None; Secure; HttpOnly', () => {
  throw new Error('bad spec');
});
const codes = (lines: string[], crossSite = new Set(['sid'])) =>
  auditSetCookies({ lines, step: 'login', expectations, crossSiteCookies: crossSite, mustSet: ['sid'] })
    .diagnoses.map((item) => item.code)
    .sort();

test('a healthy cross-site cookie passes the audit', () => {
  expect(codes(['sid=abc; Path=/; Secure; HttpOnly; SameSite=None'])).toEqual([]);
});

test('the audit reads the raw header: attributes, SameSite rules, prefixes, size', () => {
  expect(codes(['sid=abc; Path=/api/v1/auth; Secure; HttpOnly; SameSite=None'])).toEqual([
    'AC_COOKIE_ATTRIBUTE_MISMATCH',
  ]);
  expect(codes(['sid=abc; Path=/; HttpOnly; SameSite=None'])).toEqual([
    'AC_COOKIE_ATTRIBUTE_MISMATCH',
    'AC_COOKIE_SAMESITE_NONE_INSECURE',
  ]);
  expect(codes(['sid=abc; Path=/; Secure; HttpOnly'])).toEqual([
    'AC_COOKIE_ATTRIBUTE_MISMATCH',
    'AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE',
  ]);
  expect(codes(['sid=abc; Path=/; Secure; HttpOnly; SameSite=bogus'])).toContain(
    'AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE',
  );
  expect(codes(['other=1'], new Set())).toEqual(['AC_COOKIE_NOT_SET']);
  expect(codes(['sid=abc; Path=/; Secure; HttpOnly; SameSite=None', `big=${'x'.repeat(4094)}`], new Set())).toEqual([
    'AC_COOKIE_OVERSIZED',
  ]);
  expect(
    codes(
      ['sid=abc; Path=/; Secure; HttpOnly; SameSite=None', '__Host-x=1; Path=/app; Secure', '__Secure-y=1'],
      new Set(),
    ),
  ).toEqual(['AC_COOKIE_PREFIX_VIOLATION', 'AC_COOKIE_PREFIX_VIOLATION']);
});

test('parsed cookies never keep the value; the redacted line keeps the attributes', () => {
  const parsed = parseSetCookie('sid=s3cr3t-value; Path=/; Max-Age=0');
  expect(JSON.stringify(parsed)).not.toContain('s3cr3t-value');
  expect(parsed?.clears).toBe(true);
  expect(parsed?.redacted).toMatch(/^sid=\[redacted #[0-9a-f]{8}\]; Path=\/; Max-Age=0$/);
});

test('env grammar: bad attributes and routes are reported, not ignored', () => {
  const issues: string[] = [];
  parseCookieExpectations('sid: Path=/; SameSite=Sometimes', (message) => issues.push(message));
  parseCookieRoutes('sid -> FETCH /x', (message) => issues.push(message));
  expect(issues).toHaveLength(2);
  expect(parseCookieRoutes('a -> GET /x, POST /y | b -> GET /z', () => undefined)).toEqual({
    a: [
      { method: 'GET', path: '/x' },
      { method: 'POST', path: '/y' },
    ],
    b: [{ method: 'GET', path: '/z' }],
  });
});

test('model: explicit sameSiteContext, path and logout with another Path', async () => {
  const model = new DeliveryModel();
  const app = 'http://localhost:9/';
  await model.apply(
    [
      'lax=1; Path=/; Secure; SameSite=Lax',
      'narrow=1; Path=/api/v1/auth; Secure; SameSite=None',
      'sid=1; Path=/; Secure; SameSite=None',
    ],
    'http://127.0.0.1:9/login',
    app,
  );
  expect(await model.verdict('narrow', 'http://127.0.0.1:9/api/v1/me', app)).toMatchObject({
    sent: false,
    reason: 'path',
  });
  expect(await model.verdict('lax', 'http://127.0.0.1:9/api/v1/me', app)).toMatchObject({
    sent: false,
    reason: 'not-stored',
  });
  expect(await model.verdict('sid', 'http://127.0.0.1:9/api/v1/me', app)).toMatchObject({ sent: true });
  await model.apply(['sid=; Path=/api; Max-Age=0'], 'http://127.0.0.1:9/logout', app);
  expect(await model.has('sid')).toBe(true);
  await model.apply(['sid=; Path=/; Max-Age=0; Secure; SameSite=None'], 'http://127.0.0.1:9/logout', app);
  expect(await model.has('sid')).toBe(false);
});

test('browser resolution order and the typed error', () => {
  const yes = (path: string) => path === '/usr/bin/chromium' || path === '/opt/pw/chrome' || path === '/custom';
  expect(resolveBrowser({ explicitPath: '/custom', managedPath: () => '/opt/pw/chrome', isExecutable: yes })).toEqual({
    executablePath: '/custom',
    source: 'AUTHCANARY_CHROMIUM',
  });
  expect(resolveBrowser({ managedPath: () => '/opt/pw/chrome', isExecutable: yes }).source).toBe('playwright');
  expect(resolveBrowser({ managedPath: () => '/missing', isExecutable: yes })).toEqual({
    executablePath: '/usr/bin/chromium',
    source: 'system',
  });
  expect(() => resolveBrowser({ managedPath: () => undefined, isExecutable: () => false })).toThrow(
    expect.objectContaining({
      code: 'ERR_BROWSER_NOT_FOUND',
      hint: expect.stringContaining('apt-get install chromium'),
    }),
  );
  expect(() => resolveBrowser({ explicitPath: '/nope', isExecutable: () => false })).toThrow(
    expect.objectContaining({ code: 'ERR_BROWSER_NOT_FOUND' }),
  );
});

test('Expires by the RFC 6265bis algorithm: no false "cleared", no time-zone dependence', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const parse = (expires: string) => parseSetCookie(`sid=1; Path=/; Expires=${expires}`, now);
  expect(parse('0')?.clears).toBe(false); // not a date: ignored, a session cookie
  expect(parse('0')?.expires).toBeUndefined();
  expect(parse('Wed, 01-Jan-65 00:00:00 GMT')?.expires?.getUTCFullYear()).toBe(2065);
  expect(parse('Wed, 01-Jan-65 00:00:00 GMT')?.clears).toBe(false);
  expect(parse('Thu 01 Jan 1970 00:00:00 GMT, x=y')?.clears).toBe(true);
  // No zone in the text: the algorithm reads UTC whatever the runner's TZ (Date.parse would read local time).
  expect(parse('Mon, 30 Nov 2026 10:00:00')?.expires?.toISOString()).toBe('2026-11-30T10:00:00.000Z');
  expect(codes(['sid=abc; Path=/; Secure; HttpOnly; SameSite=None; Expires=0'])).toEqual([]);
});

test('prefixes match in any case; __Host-Http- and __Http- need HttpOnly; an empty Domain is host-only', () => {
  const audit = (line: string) => codes(['sid=abc; Path=/; Secure; HttpOnly; SameSite=None', line], new Set());
  expect(audit('__host-x=1; Path=/api; Secure')).toEqual(['AC_COOKIE_PREFIX_VIOLATION']);
  expect(audit('__HOST-x=1; Path=/; Secure; Domain=example.com')).toEqual(['AC_COOKIE_PREFIX_VIOLATION']);
  expect(audit('__secure-x=1; Path=/')).toEqual(['AC_COOKIE_PREFIX_VIOLATION']);
  expect(audit('__host-x=1; Path=/; Secure')).toEqual([]); // lower case but well-formed: Chromium stores it
  expect(audit('__Host-Http-x=1; Path=/; Secure')).toEqual(['AC_COOKIE_PREFIX_VIOLATION']);
  expect(audit('__Host-Http-x=1; Path=/; Secure; HttpOnly')).toEqual([]);
  expect(audit('__Http-x=1; Path=/; Secure')).toEqual(['AC_COOKIE_PREFIX_VIOLATION']);
  expect(audit('__Host-x=1; Path=/; Secure; Domain=')).toEqual([]);
  expect(audit('__Secure-nameless; Path=/')).toEqual(['AC_COOKIE_PREFIX_VIOLATION']); // value looks like a prefix
});

test('an attribute over 1024 bytes is ignored, not the cookie (RFC 6265bis, Chromium)', () => {
  const long = `/${'a'.repeat(1100)}`;
  const audit = (line: string) => codes(['sid=abc; Path=/; Secure; HttpOnly; SameSite=None', line], new Set());
  expect(audit(`__Host-x=1; Path=/; Secure; Path=${long}`)).toEqual([]); // the long Path is ignored: Path=/ stands
  expect(audit(`__Host-x=1; Secure; Path=${long}`)).toEqual(['AC_COOKIE_PREFIX_VIOLATION']); // no Path left
  expect(audit(`plain=1; Path=/; Foo=${long}`)).toEqual([]);
  expect(parseSetCookie(`a=1; Domain=${long}`)?.domain).toBeUndefined();
  expect(parseSetCookie(`a=1; Domain=${long}`)?.ignoredAttributes).toEqual(['Domain']);
});

test('Partitioned without Secure, control characters and tabs are refused; the audit names whose rule it follows', () => {
  const refused = (line: string) =>
    auditSetCookies({ lines: [line], step: 'login', expectations: [], crossSiteCookies: new Set() }).diagnoses;
  expect(refused('chip=1; Path=/; Partitioned').map((item) => item.code)).toEqual(['AC_COOKIE_PARTITIONED_INSECURE']);
  expect(refused('chip=1; Path=/; Partitioned; Secure')).toEqual([]);
  const ctl = refused('c=a\u0001b; Path=/');
  expect(ctl.map((item) => [item.code, item.evidence['follows']])).toEqual([
    ['AC_COOKIE_BROWSER_REJECTED', 'chromium+rfc6265bis'],
  ]);
  const tab = refused('c=a\tb; Path=/');
  expect(tab.map((item) => [item.code, item.evidence['follows']])).toEqual([
    ['AC_COOKIE_BROWSER_REJECTED', 'chromium (RFC 6265bis differs)'],
  ]);
  expect(refused('\tc\t=\tb\t; Path=/')).toEqual([]); // leading/trailing tabs are trimmed, not refused
});

test('a declared cookie set and then cleared in the same response is not set', () => {
  expect(
    codes(['sid=abc; Path=/; Secure; HttpOnly; SameSite=None', 'sid=; Path=/; Max-Age=0; Secure; SameSite=None']),
  ).toEqual(['AC_COOKIE_NOT_SET']);
  // Cleared on another Path: the one at Path=/ stays.
  expect(codes(['sid=abc; Path=/; Secure; HttpOnly; SameSite=None', 'sid=; Path=/api; Max-Age=0'])).toEqual([]);
});

test('a nameless cookie is parsed (empty name), its value never kept', () => {
  const parsed = parseSetCookie('opaqueSessionId123456; Path=/');
  expect(parsed?.name).toBe('');
  expect(JSON.stringify(parsed)).not.toContain('opaqueSessionId123456');
  expect(parsed?.redacted).toMatch(/^\[redacted #[0-9a-f]{8}\]; Path=\/$/);
});
