import type { CatalogueEntry } from '../entry';

/**
 * What a real browser saw when it drove the app: the app signed out again after its login, the app showing no session
 * at all, and Chromium's own network errors (named by Chromium, not by the page's "Failed to fetch").
 */
export const BROWSER_ENTRIES = {
  AC_BROWSER_SESSION_REFUSED: {
    title: 'The app lost its session right after a successful login',
    meaning:
      "The login through the app page answered 2xx, but the app's next API call was refused (401/403) although Chromium sent the declared cookies: the API does not accept the session the login created (cookie read from the wrong place, wrong token, secret drift).",
    evidence:
      "the login status, each refused call (method, path, status), Chromium's account of the declared cookies on it (sent, or blocked and why)",
    fix: 'Call the refused route with the session cookie outside the browser (authcanary doctor) and compare with a Bearer call: the difference names the cause.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_BROWSER_APP_NOT_SIGNED_IN: {
    title: 'The app showed neither a session nor a refusal after its login',
    meaning:
      'The login through the app page answered 2xx, but the page showed no APP_LOGOUT_SELECTOR within the action timeout and no API call was refused: the selector does not match the app, or the app is stuck. Nothing was judged.',
    evidence: 'the login status, the API answers the page got after it, whether the login form is still shown',
    fix: "Check APP_LOGOUT_SELECTOR against the app's signed-in page; open the app in a browser and log in by hand.",
    seeds: [],
    kind: 'inconclusive',
    severity: 'error',
  },
  AC_INFRA_BROWSER_NET_ERROR: {
    title: "Chromium's network stack failed the request",
    meaning:
      'Chromium failed the request with a network error of its own (net::ERR_TOO_MANY_REDIRECTS for a redirect loop, a refused or reset connection, an aborted load) before any answer an app could judge: infrastructure, not an auth or CORS verdict.',
    evidence: "the request, Chromium's net error (Network.loadingFailed), the redirect chain if any",
    fix: 'Follow the net error: fix the redirect rules of the ingress, or the deployment; rerun when the target is healthy.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
} as const satisfies Record<string, CatalogueEntry>;
