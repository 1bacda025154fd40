/**
 * playwright-core's types, by type query only: helpers/ never import the test runner, and playwright-core itself is
 * loaded at run time only when a browser check runs (load-playwright.ts).
 */
export type PlaywrightCore = typeof import('playwright-core');
export type Browser = import('playwright-core').Browser;
export type BrowserContext = import('playwright-core').BrowserContext;
export type Page = import('playwright-core').Page;
export type CDPSession = import('playwright-core').CDPSession;
export type Response = import('playwright-core').Response;
