import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { CdpCookieCapture } from '../../helpers/browser/cdp-cookie-capture';
import { launchBrowser, type LaunchedBrowser } from '../../helpers/browser/launch-browser';
import { browserVerdict } from '../../helpers/browser/cookie-verdict';
import { DeliveryModel } from '../../helpers/cookies/delivery-model';

/**
 * Disagreements between the tough-cookie model and real Chromium (third-party cookies allowed), on a two-site
 * server: the page on localhost, the API on 127.0.0.1. The model is wrong in both cases; the harness must know it.
 */
const COOKIES: Record<string, string> = {
  unspecified: 'unspecified=v1; Path=/; Secure; HttpOnly',
  insecureNone: 'insecureNone=v2; Path=/; HttpOnly; SameSite=None',
  healthy: 'healthy=v3; Path=/; Secure; HttpOnly; SameSite=None',
};

let server: Server;
let port = 0;
let launched: LaunchedBrowser;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': `http://localhost:${port}`,
      'Access-Control-Allow-Credentials': 'true',
      'Cache-Control': 'no-store',
    };
    if (req.headers.host?.startsWith('localhost'))
      return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>app</title>');
    if (req.url === '/set') return void res.writeHead(204, { ...cors, 'Set-Cookie': Object.values(COOKIES) }).end();
    res.writeHead(204, cors).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  launched = await launchBrowser({ world: 'allowed' });
});

test.afterAll(async () => {
  await launched?.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('missing SameSite and SameSite=None without Secure: tough-cookie sends, Chromium does not', async () => {
  const app = `http://localhost:${port}/`;
  const api = `http://127.0.0.1:${port}`;
  const model = new DeliveryModel();
  await model.apply(Object.values(COOKIES), `${api}/set`, app);

  const context = await launched.newContext();
  const page = await context.newPage();
  const cdp = await CdpCookieCapture.attach(page);
  await page.goto(app);
  await page.evaluate((url) => fetch(url, { credentials: 'include' }).then(() => undefined), `${api}/set`);
  const set = await cdp.waitFor((request) => request.url === `${api}/set`);
  await page.evaluate((url) => fetch(url, { credentials: 'include' }).then(() => undefined), `${api}/use`);
  const use = await cdp.waitFor((request) => request.url === `${api}/use`);

  for (const name of ['unspecified', 'insecureNone']) {
    expect((await model.verdict(name, `${api}/use`, app)).sent, `model sends ${name}`).toBe(true);
    expect(browserVerdict(name, use, set.setCookies ?? []).sent, `Chromium does not send ${name}`).toBe(false);
  }
  expect(browserVerdict('unspecified', use, set.setCookies ?? []).reasons.join()).toMatch(
    /SameSiteUnspecifiedTreatedAsLax/,
  );
  expect(browserVerdict('insecureNone', use, set.setCookies ?? []).reasons).toContain('SameSiteNoneInsecure');
  // The control: both engines agree on a well-formed cross-site cookie.
  expect((await model.verdict('healthy', `${api}/use`, app)).sent).toBe(true);
  expect(browserVerdict('healthy', use, set.setCookies ?? []).sent).toBe(true);
  // Nothing captured holds a cookie value.
  expect(JSON.stringify([...cdp.requests.values()])).not.toMatch(/=v[123]\b/);
  await context.close();
});
