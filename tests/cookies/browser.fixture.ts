import { test as base } from '@playwright/test';
import { CdpCookieCapture } from '../../helpers/browser/cdp-cookie-capture';
import { launchBrowser, type LaunchedBrowser } from '../../helpers/browser/launch-browser';
import type { BrowserContext, Page } from '../../helpers/browser/playwright-types';
import type { ThirdPartyWorld } from '../../helpers/browser/third-party-world';
import { loadSelectedTarget } from '../../helpers/env/load-selected';
import { processEnv } from '../../helpers/env/process-env';

export interface BrowserWorkerFixtures {
  /** One Chromium per world, launched on first use and reused by every test of the worker (contexts are per test). */
  browsers: { get(world: ThirdPartyWorld): Promise<LaunchedBrowser> };
}

export interface BrowserTestFixtures {
  /** Which third-party-cookie world the test runs in: test.use({ world }) per describe. */
  world: ThirdPartyWorld;
  /** Service workers in the test's context ('block' for tests about cookies alone). */
  swPolicy: 'allow' | 'block';
  appContext: BrowserContext;
  appPage: Page;
  cdp: CdpCookieCapture;
}

export const test = base.extend<BrowserTestFixtures, BrowserWorkerFixtures>({
  browsers: [async ({}, use) => {
    const variables = processEnv();
    const app = loadSelectedTarget(variables).config.cookies?.app;
    const launched = new Map<ThirdPartyWorld, Promise<LaunchedBrowser>>();
    await use({
      get(world) {
        let browser = launched.get(world);
        if (browser === undefined) {
          browser = launchBrowser({ world, explicitPath: variables['AUTHCANARY_CHROMIUM'], hostResolverRules: app?.hostResolverRules });
          launched.set(world, browser);
        }
        return browser;
      },
    });
    for (const browser of launched.values()) await (await browser).close();
  }, { scope: 'worker' }],
  world: ['allowed', { option: true }],
  swPolicy: ['allow', { option: true }],
  appContext: async ({ browsers, world, swPolicy }, use) => {
    const context = await (await browsers.get(world)).newContext({ serviceWorkers: swPolicy });
    await use(context);
    await context.close();
  },
  appPage: async ({ appContext }, use) => {
    await use(await appContext.newPage());
  },
  cdp: async ({ appPage }, use) => {
    const capture = await CdpCookieCapture.attach(appPage);
    await use(capture);
    await capture.detach();
  },
});
