import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { loginThroughApp } from '../../helpers/browser/app-driver';
import { openSocketFromApp } from '../../helpers/browser/app-socket';
import { jarHoldsCookie } from '../../helpers/browser/jar-cookie';
import { launchBrowser, type LaunchedBrowser } from '../../helpers/browser/launch-browser';
import type { AppConfig } from '../../helpers/env/cookie-config';
import { Secret } from '../../helpers/secret/secret';

/**
 * The browser checks conclude from events, not from a bound running out: the app's reaction to a refused call (its
 * page changing after the answer reached it, by fetch or XHR), and a WebSocket opened with no cookie in the jar
 * (its open). Real Chromium against one loopback server seen as two sites (app on localhost, API on 127.0.0.1).
 * Every bound here is far above the test's own timeout: a check that waited one out would fail the test.
 */
let server: Server;
let sockets: WebSocketServer;
let port = 0;
let allowed: LaunchedBrowser;
let blocked: LaunchedBrowser;
const FAR = 60_000;

const APP_PAGE = `<!doctype html><form id="login"><input name="username"><input name="password" type="password">
<button type="submit">Log in</button></form><p id="status"></p>
<section id="session" hidden><button name="logout">Log out</button></section>
<script>
const API = location.href.replace('localhost', '127.0.0.1').replace(/\\/app.*$/, '');
const mode = location.search.slice(1);
const show = () => { document.getElementById('login').hidden = true; document.getElementById('session').hidden = false; };
const me = () => mode === 'xhr'
  ? new Promise((resolve) => { const xhr = new XMLHttpRequest(); xhr.open('GET', API + '/me'); xhr.withCredentials = true;
      xhr.onload = () => resolve(xhr.status); xhr.send(); })
  : fetch(API + '/me', { credentials: 'include' }).then((res) => res.status);
document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const res = await fetch(API + '/login', { method: 'POST', credentials: 'include' });
  if (!res.ok) return;
  const status = await me();
  if (status === 401) {
    document.getElementById('status').textContent = 'session expired (401)';
    if (mode === 'anyway') show();
    return;
  }
  show();
});
</script>`;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (req.headers.origin) res.setHeader('access-control-allow-origin', req.headers.origin);
  res.setHeader('access-control-allow-credentials', 'true');
  if (path.startsWith('/app')) return void res.writeHead(200, { 'content-type': 'text/html' }).end(APP_PAGE);
  if (path === '/login')
    return void res.writeHead(200, { 'set-cookie': 'sid=abc; Path=/; SameSite=None; Secure; HttpOnly' }).end('{}');
  if (path === '/me') return void res.writeHead(401).end('{}');
  res.writeHead(404).end();
}

test.beforeAll(async () => {
  server = createServer(handle);
  // Accepts every upgrade and then says nothing: only the socket's own events can end the page's wait.
  sockets = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  [allowed, blocked] = await Promise.all([launchBrowser({ world: 'allowed' }), launchBrowser({ world: 'blocked' })]);
});

test.afterAll(async () => {
  await allowed?.close();
  await blocked?.close();
  for (const client of sockets?.clients ?? []) client.terminate();
  sockets?.close();
  server?.close();
});

const APP = (query: string): AppConfig => ({
  url: `http://localhost:${port}/app?${query}`,
  origin: `http://localhost:${port}`,
  usernameSelector: 'input[name=username]',
  passwordSelector: 'input[name=password]',
  submitSelector: 'button[type=submit]',
  logoutSelector: 'button[name=logout]',
});
const WHO = { username: 'alice', password: new Secret(new TextEncoder().encode('events-test'), 'test') };

for (const [mode, state] of [
  ['fetch', 'returned-to-login'],
  ['xhr', 'returned-to-login'],
  ['anyway', 'signed-in'],
] as const)
  test(`the app's reaction to a refused call (${mode}) decides the login outcome: ${state}`, async () => {
    test.setTimeout(20_000);
    const context = await allowed.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(FAR);
    const outcome = await loginThroughApp(page, APP(mode), WHO, `http://127.0.0.1:${port}/login`, { reactionMs: FAR });
    expect([outcome.state, outcome.status]).toEqual([state, 200]);
    expect(outcome.afterLogin).toEqual([{ method: 'GET', url: `http://127.0.0.1:${port}/me`, status: 401 }]);
    await context.close();
  });

test('a WebSocket with no cookie for it in the jar concludes at its open; with one, the jar says so', async () => {
  test.setTimeout(20_000);
  const url = `ws://127.0.0.1:${port}/ws`;
  const seen: Array<[string, boolean]> = [];
  for (const browser of [allowed, blocked]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(FAR);
    await loginThroughApp(page, APP('fetch'), WHO, `http://127.0.0.1:${port}/login`, { reactionMs: FAR });
    seen.push([browser.world, await jarHoldsCookie(context, url, 'sid')]);
    const outcome = await openSocketFromApp(page, url, { timeoutMs: FAR, noCredential: true });
    expect(outcome).toEqual({ opened: true, timedOut: false, concludedAtOpen: true });
    await context.close();
  }
  // Third-party cookies blocked: the login's cookie never reached the jar.
  expect(seen).toEqual([
    ['allowed', true],
    ['blocked', false],
  ]);
});
