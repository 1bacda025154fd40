import { BrowserNotFoundError } from '../helpers/errors/authcanary-error';
import { browserOptionsFrom, resolveBrowser } from '../helpers/browser/resolve-browser';

/** One line for the run header: which Chromium the browser suite will drive, or what to install when there is none. */
export function describeBrowser(variables: Readonly<Record<string, string | undefined>>): string {
  try {
    const browser = resolveBrowser(browserOptionsFrom(variables));
    return `browser: ${browser.executablePath} (${browser.source})`;
  } catch (error) {
    if (!(error instanceof BrowserNotFoundError)) throw error;
    return `browser: NONE FOUND: the browser suite will not run (${error.message}).\n  To run it: ${error.hint}\n  (or set up again: bash scripts/install-browser.sh)`;
  }
}
