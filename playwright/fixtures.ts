import type { APIRequestContext } from '@playwright/test';
import type { Page } from '../helpers/browser/playwright-types';
import { test as base } from '../tests/fixtures/browser.fixture';
import { recordingContext } from './sent-requests';

export interface IntegrationFixtures {
  /** A token minted by the harness for the test user from the env's claims (the key the env declares). */
  mintedToken: string;
  /** The token the target's own login gave the test user in this test (on the test's `http` client). */
  apiToken: string;
  /**
   * A request context logged in as the test user: the target's base URL, `Authorization: Bearer <apiToken>` and the
   * login's cookies. `expect(response).toBeAuthorized()` knows the method and token each of its responses was sent with.
   */
  api: APIRequestContext;
  /** A Chromium page logged in as the test user: the login's cookies, and the bearer token on the target's requests. */
  authPage: Page;
}

/**
 * The built-in suites' fixtures (the harness built once per worker by helpers/harness, http, mint, login, diagnose,
 * the automatic verdict annotation, Chromium) plus the logged-in views a team's own specs start from.
 */
export const test = base.extend<IntegrationFixtures>({
  mintedToken: async ({ mint }, use) => {
    await use(await mint());
  },
  apiToken: async ({ login }, use) => {
    const result = await login();
    if (!result.token)
      throw new Error(
        `the test user's login gave no token${result.reason ? `: ${result.reason}` : ''} (see the login check)`,
      );
    await use(result.token);
  },
  api: async ({ playwright, target, apiToken, http }, use) => {
    const baseURL = target.target.baseUrl;
    const cookies = await http.jar.getCookieString(baseURL);
    const context = await playwright.request.newContext({
      baseURL: baseURL.endsWith('/') ? baseURL : `${baseURL}/`,
      extraHTTPHeaders: { authorization: `Bearer ${apiToken}`, ...(cookies ? { cookie: cookies } : {}) },
    });
    await use(recordingContext(context, apiToken));
    await context.dispose();
  },
  authPage: async ({ appContext, target, apiToken, http }, use) => {
    const origin = new URL(target.target.baseUrl).origin;
    const cookies = await http.jar.getCookies(target.target.baseUrl);
    await appContext.addCookies(
      cookies.map((cookie) => ({
        name: cookie.key,
        value: cookie.value,
        url: origin,
        httpOnly: cookie.httpOnly,
        secure: cookie.secure,
      })),
    );
    // Only the target's requests carry the token: never a third party's.
    await appContext.route(`${origin}/**`, async (route) => {
      await route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${apiToken}` } });
    });
    await use(await appContext.newPage());
  },
});
