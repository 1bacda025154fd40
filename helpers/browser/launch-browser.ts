import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaywright } from './load-playwright';
import type { Browser, BrowserContext } from './playwright-types';
import { resolveBrowser, type ResolveBrowserOptions } from './resolve-browser';
import type { ThirdPartyWorld } from './third-party-world';

export interface LaunchOptions extends ResolveBrowserOptions {
  readonly world: ThirdPartyWorld;
  /** Chromium --host-resolver-rules, e.g. `MAP app.test 127.0.0.1` (names the env maps to loopback). */
  readonly hostResolverRules?: string | undefined;
  readonly headless?: boolean;
}

/** One Chromium for a whole worker: contexts are cheap (≈160 ms), launches are not. */
export interface LaunchedBrowser {
  readonly browser: Browser;
  readonly world: ThirdPartyWorld;
  readonly executablePath: string;
  readonly launchMs: number;
  /** A fresh, isolated context (cookies, storage, service workers) in this world. */
  newContext(options?: { serviceWorkers?: 'allow' | 'block' }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Flags for a headless, quiet, reproducible Chromium. --no-sandbox only when running as root (containers). */
export function chromiumArgs(hostResolverRules?: string): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  if (hostResolverRules) args.push(`--host-resolver-rules=${hostResolverRules}`);
  return args;
}

/**
 * "blocked": a plain launch (Chromium's default here blocks third-party cookies).
 * "allowed": a persistent profile seeded with cookie_controls_mode 0; contexts made from its browser inherit it.
 * Never records traces or videos: they would store cookies and tokens in clear.
 */
export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const { executablePath } = resolveBrowser(options);
  const { chromium } = loadPlaywright();
  const common = {
    executablePath,
    channel: 'chromium',
    headless: options.headless ?? true,
    args: chromiumArgs(options.hostResolverRules),
  };
  const started = performance.now();
  let browser: Browser;
  let cleanup = async (): Promise<void> => {};
  if (options.world === 'allowed') {
    const profile = mkdtempSync(join(tmpdir(), 'authcanary-profile-'));
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    const persistent = await chromium.launchPersistentContext(profile, common);
    const owner = persistent.browser();
    if (owner === null) throw new Error('persistent Chromium context has no browser');
    browser = owner;
    cleanup = async () => {
      await persistent.close();
      rmSync(profile, { recursive: true, force: true });
    };
  } else {
    browser = await chromium.launch(common);
    cleanup = () => browser.close();
  }
  const launchMs = performance.now() - started;
  return {
    browser,
    world: options.world,
    executablePath,
    launchMs,
    newContext: async (contextOptions) => {
      const context = await browser.newContext({ serviceWorkers: contextOptions?.serviceWorkers ?? 'allow' });
      // Installed as a package, the sources are compiled by tsx, whose esbuild wraps functions in a `__name(…)` helper;
      // a function handed to page.evaluate carries that call into the page, where the helper must exist too.
      await context.addInitScript('globalThis.__name ??= (target) => target;');
      return context;
    },
    close: cleanup,
  };
}
