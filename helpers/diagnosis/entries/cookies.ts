import type { CatalogueEntry } from '../entry';

/** Cookie attribute, delivery and browser diagnoses. */
export const COOKIE_ENTRIES = {
  AC_COOKIE_NOT_SET: {
    title: 'Declared cookie not set',
    meaning: 'The login (or refresh) response carries no Set-Cookie for a cookie the env file declares.',
    evidence: "the response's Set-Cookie lines (values redacted), the declared cookie names",
    fix: 'Check COOKIE_EXPECT against what the auth service sets, or fix the auth service.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_ATTRIBUTE_MISMATCH: {
    title: 'Cookie attribute differs from the declared one',
    meaning:
      'A Set-Cookie line has another Path, SameSite, Secure, HttpOnly or Domain than the env file declares (audited on the raw header).',
    evidence: 'raw Set-Cookie attributes (value redacted), expected attributes, which differ',
    fix: 'Set the attribute as declared (e.g. Path=/ so the cookie reaches every API route), or correct COOKIE_EXPECT.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_PATH_EXCLUDES_ROUTE: {
    title: 'Cookie Path excludes a route that needs it',
    meaning:
      "The cookie's Path does not cover a route the cookie must reach, so no client sends it there (e.g. a refresh cookie with Path=/api/v1/auth).",
    evidence: "cookie Path, route path, the model's verdict and Chromium's reason (NotOnPath)",
    fix: 'Use Path=/ (or a Path that covers every route that reads the cookie).',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE: {
    title: 'SameSite blocks a cross-site cookie',
    meaning:
      "A cookie needed by a credentialed fetch from the app's origin (another site) is SameSite=Lax/Strict, or has no SameSite (Chromium treats that as Lax): it is neither stored from nor sent with cross-site requests.",
    evidence:
      "SameSite on the raw header, app and API sites, Chromium's reason (SameSiteLax, SameSiteStrict, SameSiteUnspecifiedTreatedAsLax)",
    fix: 'Set SameSite=None; Secure on cookies used cross-site (or serve app and API from the same site).',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_SAMESITE_NONE_INSECURE: {
    title: 'SameSite=None without Secure',
    meaning:
      'Browsers reject a SameSite=None cookie that lacks Secure (Chromium: SameSiteNoneInsecure); tough-cookie stores it, so API-only tests pass while browsers fail.',
    evidence: "raw Set-Cookie attributes (value redacted), Chromium's reason",
    fix: 'Add Secure to every SameSite=None cookie.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_PREFIX_VIOLATION: {
    title: 'Cookie prefix rules violated',
    meaning:
      '__Secure- cookies need Secure; __Host- cookies need Secure, Path=/ and no Domain; __Http- and __Host-Http- also need HttpOnly. Prefixes match in any case (__host-, __SECURE-). Browsers refuse the cookie otherwise (Chromium: InvalidPrefix).',
    evidence: 'raw Set-Cookie attributes (value redacted), the rule broken',
    fix: 'Set the attributes the prefix requires, or drop the prefix.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_OVERSIZED: {
    title: 'Cookie larger than browsers store',
    meaning:
      "The cookie's name plus value exceeds 4096 bytes: browsers drop it (Chromium: NameValuePairExceedsMaxSize), so the session silently disappears.",
    evidence: 'cookie name, size in bytes, the limit',
    fix: 'Keep cookies small: store a session id or a compact token; split or move large claims server-side.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_NOT_DELIVERED: {
    title: 'Cookie not sent to a route that needs it',
    meaning:
      'A declared cookie is not sent to one of its routes for a reason other than Path or SameSite (Domain, Secure over http, expired, never stored).',
    evidence: "cookie, route, the model's reason, Chromium's reasons",
    fix: 'Follow the reason given: Domain covering the API host, Secure over https, a lifetime long enough.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_BROWSER_REJECTED: {
    title: 'Chromium refused to store a cookie',
    meaning: 'Chromium blocked a Set-Cookie line for a reason no more specific code covers.',
    evidence: "Set-Cookie line (value redacted) and Chromium's blocked reasons from CDP",
    fix: "Follow Chromium's reason (see the Chrome DevTools Protocol SetCookieBlockedReason list).",
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_THIRD_PARTY_BLOCKED: {
    title: 'Cookie breaks when third-party cookies are blocked',
    meaning:
      "The cookie is used cross-site, so a browser that blocks third-party cookies (Chrome's direction, Debian Chromium's default) neither stores nor sends it. Partitioned (CHIPS) cookies survive.",
    evidence: "Chromium's reason (UserPreferences / ThirdPartyPhaseout), whether the cookie is Partitioned",
    fix: 'Serve app and API from the same site (e.g. api.example.com under example.com), or add Partitioned to cookies that may be per-top-level-site, or use token auth for cross-site calls.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'warning',
  },
  AC_COOKIE_CORS_REFUSED: {
    title: 'Cross-site credentialed call refused by CORS',
    meaning:
      'The app origin\'s fetch(..., {credentials: "include"}) failed in the browser: the API does not answer with Access-Control-Allow-Origin for that origin and Access-Control-Allow-Credentials: true.',
    evidence: "app origin, API route, the browser's error",
    fix: 'Allow the app origin explicitly (not *) with Access-Control-Allow-Credentials: true, preflight included.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_LOGOUT_NOT_CLEARED: {
    title: 'Cookie survives logout',
    meaning:
      'After logout the cookie is still stored and sent: the clearing Set-Cookie used another Path or Domain than the cookie, so it created a new cookie instead of replacing it.',
    evidence: 'the clearing line and the original line (values redacted), the cookie still present',
    fix: 'Clear with exactly the same Name, Path and Domain as when set (Max-Age=0 or a past Expires).',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_STORAGE_SURVIVES_LOGOUT: {
    title: 'Auth state survives logout in web storage',
    meaning:
      'After logout the app\'s origin still holds what login put in localStorage / sessionStorage / IndexedDB / Cache Storage, so the next session starts with stale auth state (a stuck "session expired").',
    evidence: 'storage area and key names (values redacted) written at login and still present after logout',
    fix: 'Clear every auth key (and auth caches) on logout, and on a 401.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_SW_SERVES_AUTH: {
    title: 'Service worker serves API or auth responses',
    meaning:
      'A response of an API or auth route came from the service worker (cache) instead of the network: authenticated data outlives logout and a new login sees stale state.',
    evidence: 'route, response.fromServiceWorker(), status, whether it happened after logout',
    fix: 'Exclude /api/ and auth routes from the service worker (NetworkOnly, navigateFallbackDenylist), and clear its caches on logout.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_PARTITIONED_INSECURE: {
    title: 'Partitioned cookie without Secure',
    meaning:
      'A Partitioned (CHIPS) cookie lacks Secure: Chromium drops it silently (CDP reports it stored, with no blocked reason), so the session never exists in the browser.',
    evidence: 'raw Set-Cookie attributes (value redacted), what Chromium holds after the response',
    fix: 'Add Secure to every Partitioned cookie.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_SESSION_NOT_ROTATED: {
    title: 'Session cookie not rotated at login (session fixation)',
    meaning:
      'A session cookie the client already held before login is still the one in use after login: an attacker who planted it shares the logged-in session.',
    evidence: 'cookie name, the value tags before and after login (equal), the login status',
    fix: 'Issue a new session id at every login (and privilege change); ignore an incoming session id at login.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_CSRF_UNPROTECTED: {
    title: 'Cookie-authenticated state change accepted from a foreign origin',
    meaning:
      'A state-changing request carrying the session cookie, from another origin and without a CSRF token, was accepted: nothing (SameSite, CSRF token, Origin check) protects it.',
    evidence: 'route, the foreign Origin, the status, the valid same-origin control, which protections were tried',
    fix: 'Require a CSRF token (double-submit or synchronizer), check Origin/Referer on state-changing requests, or use SameSite=Lax/Strict where the app allows.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_REFRESH_REUSE_ACCEPTED: {
    title: 'Rotated refresh token accepted a second time',
    meaning:
      'The env declares refresh-token rotation, yet a refresh token already exchanged once is accepted again: a stolen refresh token stays usable.',
    evidence: 'refresh route, the first and second statuses, the token tags',
    fix: 'Invalidate a refresh token when it is used; on reuse, revoke the whole token family (RFC 9700 §4.14.2).',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_TOKEN_TYPE_CONFUSION: {
    title: 'Refresh or ID token accepted as an access token',
    meaning:
      'The API accepts a token of another type (a refresh token, an ID token) where an access token is required (RFC 8725 §3.11–3.12): cross-JWT confusion.',
    evidence: 'route, which token type was accepted, its distinguishing claims (names only), the valid control',
    fix: 'Check the token type on the API (typ "at+jwt" per RFC 9068, or a token_use/token_type claim) and use distinct audiences or keys per token type.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_OLD_TOKEN_ACCEPTED: {
    title: 'Old session accepted after logout',
    meaning:
      'The access or refresh token from before logout is still accepted. A failure when the env declares that logout revokes sessions (COOKIE_LOGOUT_REVOKES=true); reported on a passed check otherwise.',
    evidence:
      'route, status with the pre-logout access and refresh tokens, the valid control before logout, token tags',
    fix: 'Revoke the session server-side on logout (deny-list the jti or rotate the session id).',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_RELOGIN_FAILED: {
    title: 'Fresh login after logout fails',
    meaning:
      'After logging out, a new login through the app does not give working API calls: the app is stuck in a stale state.',
    evidence: 'statuses of the API calls after the second login',
    fix: 'Clear stale auth state on logout; check the service worker and storage diagnoses.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_CSRF_REQUIRED_NOT_SENT: {
    title: 'CSRF token required on a cookie request and not sent (or refused)',
    meaning:
      "A state-changing cookie-authenticated request (refresh, logout) was refused with a CSRF reason: the target wants a CSRF token (e.g. flask-jwt-extended's X-CSRF-TOKEN = the csrf_access_token/csrf_refresh_token cookie) that the env does not declare, or it refused the one sent.",
    evidence: "route, status, the server's reason (scrubbed), the header sent and where its value came from",
    fix: 'Declare it: CSRF_MODE=double-submit with CSRF_COOKIE / CSRF_REFRESH_COOKIE / CSRF_HEADER, or CSRF_MODE=endpoint with CSRF_PATH; if declared, check the header name and which cookie pairs with which route.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_CSRF_TOKEN_UNAVAILABLE: {
    title: 'Declared CSRF token never handed out',
    meaning:
      'The env declares CSRF protection, but the login did not set the double-submit cookie (or the CSRF endpoint gave no token), so a browser app could not send it either.',
    evidence: 'CSRF mode, the cookie or endpoint expected, the request sent without it and its status',
    fix: 'Check CSRF_COOKIE / CSRF_REFRESH_COOKIE against the Set-Cookie of login (the CSRF cookie must not be HttpOnly), or CSRF_PATH / CSRF_TOKEN_JSON_FIELD.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_CSRF_NOT_ENFORCED: {
    title: 'Cookie-authenticated state change accepted without the CSRF token',
    meaning:
      'The env declares CSRF protection, yet a state-changing request carrying only the cookies (what a cross-site form can send) was accepted: the double-submit or synchronizer check is off.',
    evidence: 'route, status of the request sent without the CSRF header, the header that was left out',
    fix: 'Enable the CSRF check for cookie-authenticated requests (flask-jwt-extended JWT_COOKIE_CSRF_PROTECT, csrf-csrf doubleCsrfProtection) on every state-changing route.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
} as const satisfies Record<string, CatalogueEntry>;
