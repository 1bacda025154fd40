import type { Credentials } from '../env/target-config';
import type { AppConfig } from '../env/cookie-config';
import type { Page, Response } from './playwright-types';

/** Drives the target's own app page: log in and out through its form, call the API from its origin. */

/** An API answer the page got after its login POST (fetch/XHR only). */
export interface PageAnswer {
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

/**
 * What the browser saw after submitting the app's login form:
 * - signed-in: the app shows APP_LOGOUT_SELECTOR;
 * - login-refused: the login POST itself did not answer 2xx;
 * - returned-to-login: the login answered 2xx, an API call after it was refused (401/403) and the app did not show
 *   its logout control (it went back to its login form, as a PWA with a 401 handler does);
 * - no-logout-control: the login answered 2xx, nothing was refused, and no logout control showed.
 */
export interface AppLoginOutcome {
  readonly state: 'signed-in' | 'login-refused' | 'returned-to-login' | 'no-logout-control';
  readonly status: number;
  readonly afterLogin: readonly PageAnswer[];
  readonly loginFormShown: boolean;
}

/**
 * The bound on the app's reaction to a refused call (show its session anyway, or go back to its form) when the page
 * shows no reaction at all; an app that changes its page in reaction is judged as soon as it has (see appReacted).
 */
const REACTION_MS = 1500;
/** Where the page keeps its record (see recordPage), installed before the login is submitted. */
const PAGE_RECORD_KEY = '__authcanaryPageRecord';

export async function loginThroughApp(
  page: Page,
  app: AppConfig,
  who: Credentials,
  loginUrl: string,
  options: { readonly reactionMs?: number } = {},
): Promise<AppLoginOutcome> {
  if (!page.url().startsWith(app.origin)) await page.goto(app.url);
  await page.locator(app.usernameSelector).first().fill(who.username);
  await fillSecret(page, app.passwordSelector, who.password.reveal());
  const afterLogin: PageAnswer[] = [];
  let loginAnswered = false;
  let onRefusal: (url: string) => void = () => undefined;
  const refusal = new Promise<string>((resolve) => (onRefusal = resolve));
  const onResponse = (res: Response) => {
    const request = res.request();
    // Response events come in order: calls the app makes after its login answered are seen after this one.
    if (res.url() === loginUrl && request.method() === 'POST') {
      loginAnswered = true;
      return;
    }
    if (!loginAnswered || !['fetch', 'xhr'].includes(request.resourceType())) return;
    afterLogin.push({ method: request.method(), url: res.url(), status: res.status() });
    if (res.status() === 401 || res.status() === 403) onRefusal(res.url());
  };
  page.on('response', onResponse);
  try {
    const response = page.waitForResponse((res) => res.url() === loginUrl && res.request().method() === 'POST');
    await recordPage(page);
    await page.locator(app.submitSelector).first().click();
    const status = (await response).status();
    const form = page.locator(app.usernameSelector).first();
    const outcome = (state: AppLoginOutcome['state']) => async (): Promise<AppLoginOutcome> => ({
      state,
      status,
      afterLogin: [...afterLogin],
      loginFormShown: await form.isVisible(),
    });
    if (status < 200 || status >= 300) return await outcome('login-refused')();
    const logout = page.locator(app.logoutSelector).first();
    const shown = logout.waitFor({ state: 'visible' }).then(
      () => true,
      () => false,
    );
    // A refused call: the app either shows its session anyway or goes back to its login form. Its page changing after
    // the refused answer is its reaction: the logout control is then shown, or not.
    const refused = refusal
      .then((url) => appReacted(page, url, options.reactionMs ?? REACTION_MS))
      .then(() => logout.isVisible().catch(() => false));
    const signedIn = await Promise.race([shown, refused]);
    if (signedIn) return await outcome('signed-in')();
    return await outcome(
      afterLogin.some((item) => item.status === 401 || item.status === 403) ? 'returned-to-login' : 'no-logout-control',
    )();
  } finally {
    page.off('response', onResponse);
  }
}

/** What the page records of itself (performance.now() times): its DOM changes, and when each API answer reached it. */
interface PageRecord {
  readonly changes: number[];
  readonly answers: Record<string, number[]>;
}

/**
 * Records, in the page, when its DOM changes and when a fetch/XHR answer reaches the page's code (nothing of the
 * page's content is kept). A fetch is passed through unchanged; the time is taken before the app's own code resumes.
 */
async function recordPage(page: Page): Promise<void> {
  await page
    .evaluate((key) => {
      const store = globalThis as unknown as Record<string, PageRecord | undefined>;
      if (store[key] !== undefined) return;
      const record: PageRecord = { changes: [], answers: {} };
      store[key] = record;
      const answered = (url: string) => (record.answers[url] ??= []).push(performance.now());
      new MutationObserver(() => record.changes.push(performance.now())).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      const originalFetch = globalThis.fetch;
      globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
        const response = await originalFetch(...args);
        answered(response.url);
        return response;
      };
      const originalSend = XMLHttpRequest.prototype.send;
      XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['send']>) {
        this.addEventListener('readystatechange', () => {
          if (this.readyState === XMLHttpRequest.HEADERS_RECEIVED) answered(this.responseURL);
        });
        return originalSend.apply(this, args);
      };
    }, PAGE_RECORD_KEY)
    .catch(() => undefined);
}

/**
 * Resolves once the page has changed its DOM after the refused answer from `url` reached it: its reaction. After
 * `limitMs` when the page shows no reaction at all; at once when the page navigates away (a reaction too).
 */
async function appReacted(page: Page, url: string, limitMs: number): Promise<void> {
  await page
    .evaluate(
      ({ key, target, limit }) =>
        new Promise<void>((resolve) => {
          const record = (globalThis as unknown as Record<string, PageRecord | undefined>)[key];
          if (record === undefined) return void setTimeout(resolve, limit);
          const check = () => {
            const answered = record.answers[target]?.at(-1);
            if (answered === undefined || !record.changes.some((time) => time >= answered)) return;
            clearTimeout(timer);
            changes.disconnect();
            resolve();
          };
          const timer = setTimeout(() => {
            changes.disconnect();
            resolve();
          }, limit);
          // The page's recorder was installed first, so it has noted the time when this observer runs.
          const changes = new MutationObserver(check);
          changes.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          check();
        }),
      { key: PAGE_RECORD_KEY, target: url, limit: limitMs },
    )
    .catch(() => undefined);
}

/**
 * Types a password without it reaching a report: Playwright titles a `fill` step with its value (`Fill "…"`),
 * and the HTML and Allure reports keep step titles. An evaluate step is titled without its argument.
 */
export async function fillSecret(page: Page, selector: string, value: Uint8Array, timeout?: number): Promise<void> {
  await page
    .locator(selector)
    .first()
    .waitFor({ state: 'visible', ...(timeout === undefined ? {} : { timeout }) });
  await page.evaluate(
    ([target, text]) => {
      const input = document.querySelector<HTMLInputElement>(target);
      if (!input) throw new Error(`no password field matches ${target}`);
      input.focus();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [selector, new TextDecoder().decode(value)] as const,
  );
}

export async function logoutThroughApp(page: Page, app: AppConfig, logoutUrl: string | undefined): Promise<void> {
  const response = logoutUrl === undefined ? undefined : page.waitForResponse((res) => res.url() === logoutUrl);
  await page.locator(app.logoutSelector).first().click();
  await response;
  await page.locator(app.usernameSelector).first().waitFor({ state: 'visible' });
}

export interface AppCall {
  readonly status?: number | undefined;
  /** A network/CORS failure as the page saw it (fetch threw). */
  readonly error?: string | undefined;
}

/** fetch(url, { method, credentials: 'include' }) from the app's origin. The URL is no secret; no credentials are passed in. */
export async function callFromApp(page: Page, url: string, method: string): Promise<AppCall> {
  return page.evaluate(
    async ({ url: target, method: verb }) => {
      try {
        const res = await fetch(target, { method: verb, credentials: 'include' });
        return { status: res.status };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { url, method },
  );
}

/** Waits (bounded, on the page's own events) until a service worker controls the page; false if the app has none. */
export async function serviceWorkerControls(page: Page, timeoutMs = 3000): Promise<boolean> {
  return page.evaluate(async (limit) => {
    if (!('serviceWorker' in navigator)) return false;
    const controlled = new Promise<boolean>((resolve) => {
      if (navigator.serviceWorker.controller) return resolve(true);
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
    });
    const none = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), limit));
    return Promise.race([controlled, none]);
  }, timeoutMs);
}
