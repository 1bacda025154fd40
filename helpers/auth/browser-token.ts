import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { launchBrowser } from '../browser/launch-browser';
import { fillSecret } from '../browser/app-driver';
import type { Page } from '../browser/playwright-types';
import type { Credentials, TokenSource } from '../env/target-config';
import { BrowserTokenError } from '../errors/authcanary-error';
import { Secret } from '../secret/secret';
import { jsonPath } from './token-location';

type BrowserSource = Extract<TokenSource, { kind: 'browser' }>;

/**
 * The escape hatch for logins only a browser can do (hosted IdP pages, PKCE in the SPA): Chromium opens APP_URL,
 * types the test user's credentials into the app's own form, submits, and waits (bounded) until the token appears
 * in the declared cookie (HttpOnly included, from the browser's cookie store) or web storage key. Third-party
 * cookies are allowed for this login: the token source is not the check of cookie policy (the browser suite is).
 */
export async function tokenFromBrowser(
  source: BrowserSource,
  who: Credentials,
  options: { chromiumPath?: string | undefined } = {},
): Promise<Secret> {
  const launched = await launchBrowser({
    world: 'allowed',
    explicitPath: options.chromiumPath,
    hostResolverRules: source.app.hostResolverRules,
  }).catch((error: unknown) => {
    throw new BrowserTokenError(`no Chromium to log in with: ${(error as Error).message}`);
  });
  try {
    const context = await launched.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const deadline = performance.now() + source.timeoutMs;
    const left = () => Math.max(1, deadline - performance.now());
    try {
      await page.goto(source.app.url, { timeout: left() });
      await page.locator(source.app.usernameSelector).first().fill(who.username, { timeout: left() });
      await fillSecret(page, source.app.passwordSelector, who.password.reveal(), left());
      await page.locator(source.app.submitSelector).first().click({ timeout: left() });
    } catch (error) {
      throw new BrowserTokenError(`the app page login did not go through: ${firstLine(error)}`);
    }
    while (performance.now() < deadline) {
      const token = await readToken(page, source);
      if (token) return new Secret(new TextEncoder().encode(token), 'browser:app login');
      await delay(Math.min(100, left()));
    }
    throw new BrowserTokenError(
      `after logging in through ${new URL(source.app.url).origin}, no token appeared in ${where(source)} within ${Math.round(source.timeoutMs / 1000)} s (TOKEN_BROWSER_TIMEOUT)`,
    );
  } finally {
    await launched.close();
  }
}

async function readToken(page: Page, source: BrowserSource): Promise<string | undefined> {
  if (source.cookie) {
    const cookie = (await page.context().cookies()).find((item) => item.name === source.cookie && item.value);
    if (cookie) return decodeURIComponent(cookie.value);
  }
  if (source.storageKey) {
    const raw = await page
      .evaluate((key) => localStorage.getItem(key) ?? sessionStorage.getItem(key), source.storageKey)
      .catch(() => null);
    if (!raw) return undefined;
    if (!source.storageField) return raw;
    try {
      const value = jsonPath(JSON.parse(raw), source.storageField);
      return typeof value === 'string' && value ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function where(source: BrowserSource): string {
  return [
    source.cookie && `cookie ${source.cookie}`,
    source.storageKey && `storage ${source.storageKey}${source.storageField ? ` → ${source.storageField}` : ''}`,
  ]
    .filter(Boolean)
    .join(' or ');
}

function firstLine(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0] ?? '';
}
