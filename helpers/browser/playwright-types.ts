/**
 * playwright-core's types, type-only: helpers/ never import the test runner, and playwright-core itself is loaded at
 * run time only when a browser check runs (load-playwright.ts).
 */
import type * as core from 'playwright-core';

export type PlaywrightCore = typeof core;
export type { Browser, BrowserContext, CDPSession, Page, Response } from 'playwright-core';
