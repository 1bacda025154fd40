import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { BrowserNotFoundError } from '../errors/authcanary-error';

/** Where the Chromium that authcanary drives comes from. The one place that decides (README: "how the browser is found"). */
export interface ResolvedBrowser {
  readonly executablePath: string;
  readonly source: 'AUTHCANARY_CHROMIUM' | 'playwright' | 'system';
}

export const SYSTEM_CHROMIUM_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export interface ResolveBrowserOptions {
  /** The caller's AUTHCANARY_CHROMIUM value (the harness reads the environment in one place, not here). */
  readonly explicitPath?: string | undefined;
  /** Playwright's managed Chromium, if installed; default asks playwright-core (loaded lazily). */
  readonly managedPath?: () => string | undefined;
  readonly systemPaths?: readonly string[];
  readonly isExecutable?: (path: string) => boolean;
}

/** The variable that replaces the whole search (Playwright's Chromium and the system paths) by a list of paths. */
export const BROWSER_SEARCH_VARIABLE = 'AUTHCANARY_BROWSER_SEARCH';

/** Options from the harness's variables: AUTHCANARY_CHROMIUM, and AUTHCANARY_BROWSER_SEARCH (paths separated by :). */
export function browserOptionsFrom(variables: Readonly<Record<string, string | undefined>>): ResolveBrowserOptions {
  const search = variables[BROWSER_SEARCH_VARIABLE];
  return {
    explicitPath: variables['AUTHCANARY_CHROMIUM'],
    ...(search !== undefined && search !== ''
      ? { managedPath: () => undefined, systemPaths: search.split(':').filter(Boolean) }
      : {}),
  };
}

/**
 * Order: the path the caller gives (AUTHCANARY_CHROMIUM), Playwright's managed Chromium if present, then the system
 * paths. An explicit path that is not executable is an error, not a silent fallback.
 */
export function resolveBrowser(options: ResolveBrowserOptions = {}): ResolvedBrowser {
  const isExecutable = options.isExecutable ?? executable;
  const tried: string[] = [];
  const explicit = options.explicitPath?.trim();
  if (explicit) {
    if (isExecutable(explicit)) return { executablePath: explicit, source: 'AUTHCANARY_CHROMIUM' };
    throw new BrowserNotFoundError([`AUTHCANARY_CHROMIUM=${explicit} (not executable)`]);
  }
  const managed = (options.managedPath ?? playwrightManagedChromium)();
  if (managed !== undefined) {
    if (isExecutable(managed)) return { executablePath: managed, source: 'playwright' };
    tried.push(`${managed} (Playwright's, not installed)`);
  }
  for (const path of options.systemPaths ?? SYSTEM_CHROMIUM_PATHS) {
    if (isExecutable(path)) return { executablePath: path, source: 'system' };
    tried.push(path);
  }
  throw new BrowserNotFoundError(tried);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path Playwright would use for its own Chromium (whether or not it was downloaded). */
function playwrightManagedChromium(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const core = require('playwright-core') as { chromium: { executablePath(): string } };
    return core.chromium.executablePath();
  } catch {
    return undefined;
  }
}
