import type { Credentials } from '../env/target-config';
import type { AppConfig } from '../env/cookie-config';
import type { Page } from './playwright-types';

/** Drives the target's own app page: log in and out through its form, call the API from its origin. */

export async function loginThroughApp(page: Page, app: AppConfig, who: Credentials, loginUrl: string): Promise<number> {
  if (!page.url().startsWith(app.origin)) await page.goto(app.url);
  await page.locator(app.usernameSelector).first().fill(who.username);
  await fillSecret(page, app.passwordSelector, who.password.reveal());
  const response = page.waitForResponse((res) => res.url() === loginUrl && res.request().method() === 'POST');
  await page.locator(app.submitSelector).first().click();
  const status = (await response).status();
  if (status >= 200 && status < 300) await page.locator(app.logoutSelector).first().waitFor({ state: 'visible' });
  return status;
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
