import type { CatalogueEntry } from '../entry';

/** WebSocket handshake and session diagnoses. */
export const WEBSOCKET_ENTRIES = {
  AC_WS_UNAUTHENTICATED_ACCEPTED: {
    title: 'WebSocket accepts a connection whose authentication failed',
    meaning:
      'A WebSocket connection with a missing, invalid, expired or unsigned token was accepted (a welcome, or application frames, or simply left open): the handler falls back to an unauthenticated path when JWT extraction or verification fails.',
    evidence:
      'the negative case and auth mode, the transcript (welcome naming e.g. "anonymous", frames received), the valid control on the same mode',
    fix: 'Close (4401/1008) or refuse the upgrade (401) whenever token extraction or verification fails; never continue as an anonymous user on an authenticated endpoint.',
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_REST_DISAGREE: {
    title: 'WebSocket path validates tokens differently from REST',
    meaning:
      'The same token is accepted on a REST route and refused on the WebSocket (or the reverse): the WebSocket handler has its own extractor or verifier with another secret, issuer, audience or algorithm (e.g. it reads only the generic secret names).',
    evidence: 'REST route and status with the token, WebSocket mode and refusal (HTTP status or close code and reason)',
    fix: 'Make the WebSocket handler use the same verifier and secret resolution as the REST API (one shared auth module, env-specific secret first).',
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_VALID_TOKEN_REFUSED: {
    title: 'WebSocket refuses a valid token (REST refuses it too)',
    meaning:
      'A valid token is refused on the WebSocket in a mode the env declares, and REST refuses it as well: a configuration drift (secret, issuer, audience, clock) that the REST suite explains in detail.',
    evidence: 'mode, refusal (status or close code and reason), REST status with the same token',
    fix: "Fix what the REST suite's diagnosis says (secret, issuer, audience, algorithm, clock); then rerun.",
    seeds: ['002', '003', '004'],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_MODE_IGNORED: {
    title: 'WebSocket ignores a declared auth mode',
    meaning:
      'A valid token is refused in one declared mode (e.g. Sec-WebSocket-Protocol or cookie) while the same token is accepted in another: the server does not read the token from there.',
    evidence: 'outcome per mode with the same token',
    fix: 'Read the token from that place on the upgrade (or drop the mode from WS_AUTH_MODES if it is not meant to be supported).',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_WELCOME_WRONG_USER: {
    title: 'WebSocket welcome names another user',
    meaning:
      "The connection was accepted but the welcome/ack message names another user than the token's subject (or none): the server authenticated someone else, or the env names the wrong field.",
    evidence: 'expected user, the welcome (redacted), WS_WELCOME_FIELD',
    fix: "Check the server's principal lookup on the WebSocket path; check WS_WELCOME_TYPE / WS_WELCOME_FIELD.",
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_NO_WELCOME: {
    title: 'WebSocket accepted but never said who you are',
    meaning: 'The valid control connected, but no message of the declared welcome type arrived within the timeout.',
    evidence: 'frames received, WS_WELCOME_TYPE, timeout',
    fix: 'Send an ack naming the user on connect, or set WS_WELCOME_TYPE / WS_WELCOME_FIELD to what the server sends.',
    seeds: [],
    kind: 'config',
    severity: 'error',
  },
  AC_WS_REFUSAL_MISMATCH: {
    title: 'WebSocket refuses bad auth another way than declared',
    meaning:
      'Bad credentials are refused with an auth signal (401/403 on the upgrade, or close 1008/4401/4403) but not the one the env declares (WS_REFUSAL / WS_MESSAGE_REFUSAL), e.g. staging refusing with HTTP 403 where 401 is expected.',
    evidence: 'declared refusal, actual status or close code and reason',
    fix: 'Align the server with the contract (401 for bad credentials, 403 for a refused Origin or scope), or correct WS_REFUSAL if the contract is what the server does.',
    seeds: ['002', '003', '004'],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_BAD_REFUSAL_CODE: {
    title: 'WebSocket refuses bad auth with a non-policy code',
    meaning:
      'Bad credentials end the connection with an infrastructure-looking signal (close 1011/1006/1000, or a 5xx on the upgrade) while the valid control on the same mode is accepted: clients and monitors take an auth refusal for an outage and retry.',
    evidence: "negative case, close code and reason (or upgrade status), the control's outcome",
    fix: 'Refuse the upgrade with 401/403, or close with 1008 (RFC 6455) or 4401/4403 with a reason.',
    seeds: [],
    kind: 'auth',
    severity: 'warning',
  },
  AC_WS_FRAME_BEFORE_REFUSAL: {
    title: 'WebSocket sends application frames before refusing',
    meaning:
      'A connection with bad credentials was eventually refused, but application frames were delivered first: data flows before authentication completes.',
    evidence: 'frames received (types, sizes, redacted), then the close',
    fix: 'Authenticate before sending anything (verify on the upgrade, or hold all frames until the auth message is verified).',
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_ORIGIN_NOT_CHECKED: {
    title: 'WebSocket accepts a foreign Origin with a valid cookie',
    meaning:
      "A connection from a foreign Origin carrying the user's cookie was accepted: any site the user visits can open an authenticated socket (cross-site WebSocket hijacking).",
    evidence: 'the foreign Origin, the welcome it got, the control from the allowed Origin',
    fix: 'Check the Origin header on the upgrade against an allowlist (403 otherwise), and/or require a token that a foreign page cannot send (header, subprotocol, first message).',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_EXPIRY_NOT_ENFORCED: {
    title: 'WebSocket stays open after the token expired',
    meaning:
      'A connection authenticated with a short-lived token was still open well after exp + the declared leeway: a revoked or expired session keeps its socket.',
    evidence: 'exp, declared leeway and grace, when the close came (or that it did not)',
    fix: 'Close the connection (4401/1008) when the token expires, or require re-authentication on the socket.',
    seeds: [],
    kind: 'auth',
    severity: 'warning',
  },
  AC_WS_ISOLATION_BROKEN: {
    title: "WebSocket delivers one user's messages to another",
    meaning:
      "A message sent by one user on their connection reached another user's connection: a broadcast or room/channel bug breaks isolation between users.",
    evidence: 'the two users, the nonce sent by the first and seen by the second (message type, redacted)',
    fix: 'Route messages by the authenticated principal (per-user channels), never by connection-wide broadcast.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_BROWSER_CREDENTIAL_MISSING: {
    title: 'Browser WebSocket handshake lacks the token cookie',
    meaning:
      'The app page, signed in, opened the WebSocket and Chromium did not attach the token cookie to the handshake for a reason of the cookie itself (SameSite=Lax/Strict cross-site, not stored at login, Path, Secure): a page cannot set Authorization on a WebSocket, so the socket opens unauthenticated or is refused.',
    evidence:
      "cookie name, Chromium's blocked reasons (handshake or login Set-Cookie), handshake headers (values redacted), upgrade status and what the page saw",
    fix: 'Set the token cookie with SameSite=None; Secure (Partitioned if it must survive third-party blocking), Path covering the WebSocket path, or authenticate the socket another way (first message, subprotocol).',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_APP_ORIGIN_REFUSED: {
    title: "WebSocket refuses the app's own origin",
    meaning:
      'The handshake from the app page was refused with 403 on the upgrade: the Origin allowlist does not include the origin the app is served from.',
    evidence: 'app origin, WebSocket URL, upgrade status',
    fix: 'Add the app origin to the WebSocket Origin allowlist (and keep foreign origins out).',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_WS_INFRA: {
    title: 'WebSocket endpoint unreachable or failing',
    meaning:
      'The valid control could not connect for non-auth reasons: network error, 5xx on the upgrade, or close 1001/1006/1011/1012/1013: infrastructure, not an auth verdict.',
    evidence: 'error code or status, close code, URL (redacted)',
    fix: 'Check the WebSocket URL, proxies/load balancers (Upgrade headers, idle timeouts) and the service; rerun when healthy.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_WS_ENDPOINT_MISCONFIGURED: {
    title: 'WebSocket upgrade answered an unexpected status',
    meaning:
      'The upgrade got an answer that is neither a switch nor an auth refusal nor a server error (e.g. 404, 400, 426): the env points at the wrong URL or path, or a proxy strips the Upgrade headers.',
    evidence: 'upgrade status and headers, URL (redacted)',
    fix: 'Check WS_URL / WS_PATH and any proxy in front of the service.',
    seeds: [],
    kind: 'config',
    severity: 'error',
  },
} as const satisfies Record<string, CatalogueEntry>;
