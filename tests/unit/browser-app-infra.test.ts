import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { callFromApp, loginThroughApp } from '../../helpers/browser/app-driver';
import { CdpCookieCapture } from '../../helpers/browser/cdp-cookie-capture';
import { failedCallDiagnosis } from '../../helpers/browser/failed-call';
import { explainAppLogin } from '../../helpers/browser/app-login-verdict';
import { launchBrowser, type LaunchedBrowser } from '../../helpers/browser/launch-browser';
import type { AppConfig, CookieConfig } from '../../helpers/env/cookie-config';
import type { TargetConfig } from '../../helpers/env/target-config';
import { Secret } from '../../helpers/secret/secret';

/**
 * Real Chromium (one launch) against one loopback server seen as two sites: the app page on `localhost`, the API on
 * `127.0.0.1`. A failed in-page fetch is judged by Chromium's own net error and the status CDP saw, not by the page's
 * "Failed to fetch"; the app driver says what the page did after its login instead of waiting out a locator.
 */
let server: Server;
let port = 0;
let closedPort = 0;
let launched: LaunchedBrowser;
let blocked: LaunchedBrowser;

const APP_PAGE = `<!doctype html><form id="login"><input name="username"><input name="password" type="password">
<button type="submit">Log in</button></form><section id="session" hidden><button name="logout">Log out</button></section>
<script>
const API = location.href.replace('localhost', '127.0.0.1').replace(/\\/app.*$/, '');
document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const res = await fetch(API + '/login', { method: 'POST', credentials: 'include' });
  if (!res.ok) return;
  const path = location.search.includes('broken') ? '/me-refused' : location.search.includes('cookie') ? '/me-cookie' : '/me';
  const me = await fetch(API + path, { credentials: 'include' });
  if (me.status === 401) return; // back to the login form (a PWA's 401 handler)
  document.getElementById('login').hidden = true;
  document.getElementById('session').hidden = false;
});
</script>`;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const origin = req.headers.origin;
  const cors = () => {
    if (origin) res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
  };
  if (path.startsWith('/app')) return void res.writeHead(200, { 'content-type': 'text/html' }).end(APP_PAGE);
  if (path === '/login') {
    cors();
    return void res.writeHead(200, { 'set-cookie': 'sid=abc; Path=/; SameSite=None; Secure; HttpOnly' }).end('{}');
  }
  if (path === '/me') return void (cors(), res.writeHead(200).end('{}'));
  if (path === '/me-refused') return void (cors(), res.writeHead(401).end('{}'));
  if (path === '/me-cookie')
    return void (cors(), res.writeHead(/\bsid=/.test(req.headers.cookie ?? '') ? 200 : 401).end());
  // A gateway in front: its own answers carry no CORS headers.
  if (path === '/limited') return void res.writeHead(429, { 'retry-after': '30' }).end('Too Many Requests');
  if (path === '/gateway') return void res.writeHead(503).end('Service Unavailable');
  // An app (or ingress) redirecting to itself, with CORS headers: Chromium follows until it gives up.
  if (path === '/loop') return void (cors(), res.writeHead(302, { location: '/loop' }).end());
  if (path === '/no-cors') return void res.writeHead(200).end('{}');
  res.writeHead(404).end();
}

test.beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  [launched, blocked] = await Promise.all([launchBrowser({ world: 'allowed' }), launchBrowser({ world: 'blocked' })]);
});

test.afterAll(async () => {
  await launched?.close();
  await blocked?.close();
  await new Promise((resolve) => server.close(resolve));
});

const ROWS: ReadonlyArray<readonly [path: string, code: string, says: RegExp]> = [
  ['/limited', 'AC_INFRA_RATE_LIMITED', /answered 429 \(Retry-After 30\)/],
  ['/gateway', 'AC_INFRA_5XX', /answered 503 \(gateway or overload\)/],
  ['/loop', 'AC_INFRA_BROWSER_NET_ERROR', /net::ERR_TOO_MANY_REDIRECTS after \d+ redirect/],
  ['closed-port', 'AC_INFRA_UNREACHABLE', /net::ERR_CONNECTION_REFUSED/],
  [
    '/no-cors',
    'AC_COOKIE_CORS_REFUSED',
    /Failed to fetch \(Chromium: CORS MissingAllowOriginHeader, the target answered 200\)/,
  ],
];

test('a failed credentialed fetch: Chromium and CDP decide between infrastructure and CORS', async () => {
  const context = await launched.newContext();
  const page = await context.newPage();
  const cdp = await CdpCookieCapture.attach(page);
  await page.goto(`http://localhost:${port}/app`);
  const seen: Array<[string, string]> = [];
  for (const [path, , says] of ROWS) {
    const url = path === 'closed-port' ? `http://127.0.0.1:${closedPort}/me` : `http://127.0.0.1:${port}${path}`;
    const call = await callFromApp(page, url, 'GET');
    expect(call.error, path).toMatch(/Failed to fetch/);
    const request = await cdp.waitForOutcome((item) => (item.initialUrl ?? item.url) === url);
    const found = await failedCallDiagnosis(
      `GET ${path}`,
      call.error!,
      request,
      async () => 200,
      `http://localhost:${port}`,
    );
    seen.push([path, found.code]);
    expect(found.summary, path).toMatch(says);
  }
  expect(seen).toEqual(ROWS.map(([path, code]) => [path, code]));
  await cdp.detach();
  await context.close();
});

const APP = (query: string): AppConfig => ({
  url: `http://localhost:${port}/app${query}`,
  origin: `http://localhost:${port}`,
  usernameSelector: 'input[name=username]',
  passwordSelector: 'input[name=password]',
  submitSelector: 'button[type=submit]',
  logoutSelector: 'button[name=logout]',
});
const WHO = { username: 'alice', password: new Secret(new TextEncoder().encode('app-driver-test'), 'test') };

test('the app driver: signed in, or back at its login form after a 401, said as such (never a locator timeout)', async () => {
  const context = await launched.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const login = `http://127.0.0.1:${port}/login`;
  const healthy = await loginThroughApp(page, APP(''), WHO, login);
  expect([healthy.state, healthy.status]).toEqual(['signed-in', 200]);
  const other = await context.newPage();
  other.setDefaultTimeout(5000);
  const broken = await loginThroughApp(other, APP('?broken'), WHO, login);
  expect([broken.state, broken.status, broken.loginFormShown]).toEqual(['returned-to-login', 200, true]);
  expect(broken.afterLogin).toEqual([{ method: 'GET', url: `http://127.0.0.1:${port}/me-refused`, status: 401 }]);
  await context.close();
});

test('blocked world: the login cookie dropped as third-party is said as such (a warning), not a check error', async () => {
  const base = `http://127.0.0.1:${port}`;
  // Only what explainAppLogin reads of a target: where login lives and which cookie reaches which route.
  const target = { login: { path: '/login' }, target: { baseUrl: base, authUrl: base } } as unknown as TargetConfig;
  const cookies = {
    expectations: [{ name: 'sid' }],
    routes: { sid: [{ method: 'GET', path: '/me-cookie' }] },
    app: APP('?cookie'),
  } as unknown as CookieConfig;
  const states: string[] = [];
  for (const browser of [launched, blocked]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const cdp = await CdpCookieCapture.attach(page);
    const loginUrl = `${base}/login`;
    const outcome = await loginThroughApp(page, APP('?cookie'), WHO, loginUrl);
    states.push(outcome.state);
    const seen = await explainAppLogin(outcome, { target, cookies, cdp, loginUrl, healthStatus: async () => 200 });
    if (browser === blocked) {
      expect(seen.diagnoses).toEqual([]);
      expect(seen.thirdParty.map((item) => item.code)).toEqual(['AC_COOKIE_THIRD_PARTY_BLOCKED']);
      expect(seen.thirdParty[0]?.summary).toMatch(
        /^sid \(GET \/me-cookie \(answered 401 after a 200 login; the app went back to its login form\)\) blocked as a third-party cookie \((UserPreferences|ThirdParty\w+)\)/,
      );
    } else expect(seen).toEqual({ diagnoses: [], thirdParty: [] });
    await cdp.detach();
    await context.close();
  }
  expect(states).toEqual(['signed-in', 'returned-to-login']);
});
