import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { CdpCookieCapture } from '../../helpers/browser/cdp-cookie-capture';
import { browserSummary } from '../../helpers/browser/cookie-diagnoses';
import { launchBrowser, type LaunchedBrowser } from '../../helpers/browser/launch-browser';
import { auditSetCookies } from '../../helpers/cookies/audit-set-cookie';

/**
 * The audit's store/refuse verdict, line by line, against what real Chromium holds afterwards (context.cookies(), all
 * cookies): same-site, so only the line's own rules decide. A raw socket server, because node:http refuses to write the
 * control characters under test. Each line's name is unique, so "stored" is a lookup by name.
 */
const long = `/${'a'.repeat(1100)}`;
const LINES: ReadonlyArray<readonly [line: string, storedAs: string]> = [
  ['opaqueSessionId123456; Path=/', ''],
  ['expZero=1; Path=/; Expires=0', 'expZero'],
  ['exp65=1; Path=/; Expires=Wed, 01-Jan-65 00:00:00 GMT', 'exp65'],
  ['exp1970=1; Path=/; Expires=Thu 01 Jan 1970 00:00:00 GMT, x=y', 'exp1970'],
  ['__HOST-upper=1; Path=/; Secure', '__HOST-upper'],
  ['__host-lower=1; Path=/api; Secure', '__host-lower'],
  ['__secure-lower=1; Path=/', '__secure-lower'],
  ['__Host-Http-noHttpOnly=1; Path=/; Secure', '__Host-Http-noHttpOnly'],
  ['__Host-Http-ok=1; Path=/; Secure; HttpOnly', '__Host-Http-ok'],
  ['__Http-noHttpOnly=1; Path=/; Secure', '__Http-noHttpOnly'],
  ['__Host-emptyDomain=1; Path=/; Secure; Domain=', '__Host-emptyDomain'],
  [`__Host-longPathAfter=1; Path=/; Secure; Path=${long}`, '__Host-longPathAfter'],
  [`__Host-onlyLongPath=1; Secure; Path=${long}`, '__Host-onlyLongPath'],
  ['partInsecure=1; Path=/; Partitioned', 'partInsecure'],
  ['partSecure=1; Path=/; Partitioned; Secure', 'partSecure'],
  ['ctl=a\u0001b; Path=/', 'ctl'],
  ['tab=a\tb; Path=/', 'tab'],
  ['del=a\u007fb; Path=/', 'del'],
  [`longAttr=1; Path=/; Foo=${long}`, 'longAttr'],
  [`longDomain=1; Path=/; Domain=${long}`, 'longDomain'],
  ['=__Secure-looksPrefixed; Path=/', ''],
];

let server: Server;
let port = 0;
let launched: LaunchedBrowser;

test.beforeAll(async () => {
  server = createServer((socket) => {
    socket.once('data', (chunk) => {
      const index = /^GET \/set\?i=(\d+) /.exec(chunk.toString('latin1'))?.[1];
      const head =
        index === undefined
          ? 'Content-Type: text/html\r\nContent-Length: 15\r\n'
          : `Set-Cookie: ${LINES[Number(index)]![0]}\r\nContent-Length: 0\r\n`;
      const body = index === undefined ? '<!doctype html>' : '';
      socket.end(Buffer.from(`HTTP/1.1 200 OK\r\n${head}Connection: close\r\n\r\n${body}`, 'latin1'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  launched = await launchBrowser({ world: 'allowed' });
});

test.afterAll(async () => {
  await launched?.close();
  await new Promise((resolve) => server.close(resolve));
});

test('each line: the audit refuses exactly what Chromium does not store', async () => {
  const context = await launched.newContext();
  const page = await context.newPage();
  const cdp = await CdpCookieCapture.attach(page);
  await page.goto(`http://127.0.0.1:${port}/`);
  const rows: Array<{ line: string; chromium: boolean; audit: boolean; capture: boolean }> = [];
  for (const [index, [line, name]] of LINES.entries()) {
    // Nameless lines share the empty name: clear before each, so "stored" belongs to this line.
    await context.clearCookies();
    const url = `http://127.0.0.1:${port}/set?i=${index}`;
    await page.evaluate((target) => fetch(target).then(() => undefined), url);
    const captured = await cdp.waitFor((request) => request.url === url);
    const chromium = (await context.cookies()).some((cookie) => cookie.name === name);
    const audit = auditSetCookies({ lines: [line], step: 'set', expectations: [], crossSiteCookies: new Set() });
    const parsed = audit.cookies[0];
    rows.push({
      line: line.slice(0, 50),
      chromium,
      audit: audit.diagnoses.length === 0 && parsed !== undefined && !parsed.clears,
      capture: captured.setCookies?.[0]?.stored === true && parsed?.clears !== true,
    });
  }
  await context.close();
  expect(rows.filter((row) => row.chromium !== row.audit)).toEqual([]);
  // The CDP capture does not call a silently dropped Partitioned cookie stored.
  expect(rows.filter((row) => row.chromium !== row.capture)).toEqual([]);
  // The rows decide both ways (a check that every line is refused, or stored, would prove nothing).
  expect(rows.filter((row) => row.chromium).length).toBeGreaterThan(5);
  expect(rows.filter((row) => !row.chromium).length).toBeGreaterThan(5);
});

test('a route where a refused cookie was not sent is not called "refused to store"', () => {
  const verdict = { sent: false, reasons: ['SameSiteNoneInsecure'], stage: 'set-cookie' } as const;
  expect(browserSummary('sid', 'GET /api/me', verdict, verdict.reasons)).toBe(
    'Chromium did not send sid to GET /api/me: it refused to store it earlier (SameSiteNoneInsecure)',
  );
  expect(browserSummary('sid', 'login Set-Cookie', verdict, verdict.reasons)).toBe(
    'Chromium refused to store sid (login Set-Cookie): SameSiteNoneInsecure',
  );
});
