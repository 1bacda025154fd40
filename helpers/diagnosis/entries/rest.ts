import type { CatalogueEntry } from '../entry';

/** REST, token and secret diagnoses. */
export const REST_ENTRIES = {
  AC_SECRET_MISMATCH: {
    title: "Harness secret differs from the target's",
    meaning:
      'Tokens the harness mints with its resolved secret are refused, and the tokens the target issues do not verify with that secret: the two sides resolved different keys.',
    evidence:
      "harness secret source and fingerprint; which chain candidate (if any) verifies the target's own token; the refused control",
    fix: "Make both sides resolve the same source: export the env-specific name (e.g. JWT_SECRET_STAGING) for the harness, or fix the backend's secret store. Compare fingerprints with `authcanary secrets`.",
    seeds: ['003', '004'],
    kind: 'auth',
    severity: 'error',
  },
  AC_SERVICES_SECRET_DISAGREE: {
    title: 'Auth service and API use different secrets',
    meaning:
      'The token issued by the auth service is refused by the API of the same deployment, while a token signed with another candidate of the chain is accepted: one service reads the env-specific name, the other only the generic names.',
    evidence: 'fingerprint that verifies the issued token; the candidate (source, fingerprint) the API accepts',
    fix: 'Give every service the same chain (env-specific first), or set both names to the same value.',
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_JSON_SECRET_AS_KEY: {
    title: 'JSON secret document used as the key',
    meaning:
      'The API accepts tokens signed with the whole JSON document (e.g. {"signingKey": …}) as the HMAC key instead of the field inside it.',
    evidence: 'probe token signed with the raw document accepted; token signed with the field refused',
    fix: 'Parse the secret document and use its field in every handler (e.g. json.loads(secret)["signingKey"]).',
    seeds: ['001'],
    kind: 'auth',
    severity: 'error',
  },
  AC_SECRET_ENCODING_MISMATCH: {
    title: 'Secret decoded differently by the backend',
    meaning:
      'The backend accepts tokens signed with the base64-decoded form of the secret (or with the raw text) while the harness declares the other encoding.',
    evidence: 'the encoding variant the backend accepts, with its fingerprint',
    fix: 'Declare SECRET_ENCODING to match the backend, or make every service decode the secret the same way.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_WEAK_SECRET_ACCEPTED: {
    title: 'Backend accepts a well-known or fallback secret',
    meaning:
      'A token signed with a placeholder or built-in fallback secret (e.g. "fallback_secret") is accepted: the backend runs on a hardcoded key because its configuration is missing.',
    evidence: 'which well-known secret was accepted (named, it is public)',
    fix: 'Remove the hardcoded fallback; make the service refuse to start without a configured secret; rotate.',
    seeds: ['003', '004'],
    kind: 'auth',
    severity: 'error',
  },
  AC_AUDIENCE_DRIFT: {
    title: 'Audience drift',
    meaning:
      'The API refuses tokens because of their "aud" claim: it expects another audience than the auth service issues or the env file declares.',
    evidence: "aud in the issued token, aud declared (JWT_AUDIENCE), the server's error_description",
    fix: "Align the audience in the API's validator, the auth service and JWT_AUDIENCE.",
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_ISSUER_DRIFT: {
    title: 'Issuer drift',
    meaning:
      'The issuer in the tokens differs from what the API (or the env file) expects, e.g. an identity-provider pool id that differs between config and deployment.',
    evidence: "iss in the issued token, iss declared (JWT_ISSUER), the server's error_description",
    fix: "Point the API's validator and the env at the same identity-provider pool / issuer URL.",
    seeds: ['000', '002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_ALG_DRIFT: {
    title: 'Algorithm drift',
    meaning: 'The target signs or accepts another algorithm (e.g. RS256) than the env declares (e.g. HS256).',
    evidence: "alg in the issued token header, JWT_ALG declared, the server's error_description",
    fix: "Set JWT_ALG (and SIGNING_KEY_CHAIN for asymmetric keys) to what the target uses, or fix the target's algorithm allowlist.",
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_REQUIRED_CLAIM_MISSING: {
    title: 'API requires a claim the harness does not send',
    meaning:
      "The API accepts the claims its auth service issues, re-signed with the harness's key, but refuses them once one claim is made as the harness makes it (absent, or another value): e.g. simplejwt's token_type, flask-jwt-extended's type, an RFC 9068 typ=at+jwt header, a maximum lifetime.",
    evidence: 'the claim, its value in the issued token and in the harness token, the probe that refused the variant',
    fix: 'Add the claim to JWT_CLAIMS (e.g. JWT_CLAIMS={"token_type":"access"}) or JWT_TTL so the harness mints what the auth service issues; if the API should not require it, fix its validator.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_SIGNING_KEY_MISMATCH: {
    title: 'Harness private key is not the one the API trusts (asymmetric)',
    meaning:
      "With RS/ES/PS/EdDSA the API verifies with a public key (often from a JWKS) that does not match the private key the harness signs with, and the target's own token does not verify with the harness's key either.",
    evidence:
      "the harness key's source and fingerprint, the token header's kid, the server's reason (e.g. \"no applicable key found in the JSON Web Key Set\")",
    fix: "Point SIGNING_KEY_CHAIN at the private key whose public half the API's JWKS publishes (and its kid), or use the target's login (no-mint mode); a shared HMAC secret does not apply here.",
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_CLOCK_SKEW: {
    title: 'Clock skew between runner and server',
    meaning:
      "The server's clock (its Date header) is off from the runner's by more than half the leeway, so fresh tokens look expired or not yet valid.",
    evidence: 'server Date vs local clock (seconds), iat/nbf/exp of the token in both clocks, declared leeway',
    fix: "Fix NTP on the server (or the runner); meanwhile mint from the server's time. Backends should allow a small leeway.",
    seeds: ['000', '002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_TOKEN_EXPIRED: {
    title: 'Token expired',
    meaning: "The token presented is past its exp (in the server's clock).",
    evidence: 'exp, now (local and server), leeway',
    fix: 'Obtain a fresh token (refresh or log in again); check the token lifetime the target issues.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_TOKEN_ENCODING_MISMATCH: {
    title: 'Token not encoded as base64url',
    meaning:
      'A token (or the cookie carrying it) uses the standard base64 alphabet or padding (+ / =), quotes or URL-encoding, where JWS compact serialization requires base64url: a strict verifier refuses it, a lenient one accepts it, so services disagree.',
    evidence:
      'where the token came from (JSON field, cookie), which encoding issues, whether the base64url form is accepted',
    fix: 'Write tokens and cookie values as base64url without padding (e.g. base64.urlsafe_b64encode(...).rstrip(b"=")); never re-encode a JWT with standard base64.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_AUTH_COMPONENT_BROKEN: {
    title: 'Auth component broken (5xx on auth)',
    meaning:
      'A valid token is answered with 5xx on an auth-protected route while the service itself is up: the auth component (e.g. a JWT library that fails to load) is broken, not the token.',
    evidence: 'status and body of the control; health route status',
    fix: 'Check the service logs for the auth import/initialisation error (e.g. native JWT/crypto binaries built for another platform).',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_API_REFUSES_OWN_TOKENS: {
    title: 'API refuses every token, its own included',
    meaning:
      'The API answers 401 to the token its own auth service just issued, to harness tokens and to every secret candidate: its verifier is broken or uses a key nobody else has. A misleading 401.',
    evidence: 'the issued token verifies with the resolved secret yet is refused; every probe refused',
    fix: "Work through the candidates the summary lists, in order (those the evidence rules out are left out); the API's logs (its verifier's own message) or its deployed auth settings decide between them. A 401 here is not the caller's fault.",
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_INVALID_TOKEN_5XX: {
    title: 'Invalid token answered with 5xx',
    meaning:
      'An invalid, expired or badly signed token makes the server fail (5xx) instead of answering 401, while the valid control passes: asymmetric error handling.',
    evidence: "the negative case, its status, the control's status",
    fix: 'Catch token validation errors and answer 401 with WWW-Authenticate: Bearer error="invalid_token".',
    seeds: ['001'],
    kind: 'auth',
    severity: 'error',
  },
  AC_INVALID_TOKEN_ACCEPTED: {
    title: 'Invalid token accepted',
    meaning:
      'A token that must be refused (no signature, alg none, expired, wrong key, wrong audience or issuer) was accepted.',
    evidence: 'the negative case and the status it got',
    fix: 'Verify signature with an algorithm allowlist, and exp/nbf/iss/aud, on every route.',
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_MISSING_CREDENTIALS_ACCEPTED: {
    title: 'Protected route answers without credentials',
    meaning: 'A route declared protected answered 2xx with no token at all.',
    evidence: 'route and status without credentials',
    fix: 'Put the route behind the auth middleware.',
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_WWW_AUTHENTICATE_MISSING: {
    title: '401 without WWW-Authenticate',
    meaning:
      'A 401 lacks a WWW-Authenticate: Bearer challenge (RFC 6750 §3), so clients cannot tell why they were refused.',
    evidence: 'the 401 response headers',
    fix: 'Answer 401 with WWW-Authenticate: Bearer realm="…", error="invalid_token" (or without error when no token was sent).',
    seeds: [],
    kind: 'auth',
    severity: 'warning',
  },
  AC_EXP_NOT_REQUIRED: {
    title: 'Token without exp accepted',
    meaning:
      'A validly signed token with no exp claim was accepted: it never expires, so a leaked token stays valid for ever (RFC 8725 §3.10 asks for expiry). Many libraries (PyJWT, jsonwebtoken) accept it by default.',
    evidence: 'the no-exp negative case and the status it got',
    fix: 'Require exp in the verifier (PyJWT options={"require": ["exp"]}, jose requiredClaims: ["exp"]), or declare JWT_EXP_REQUIRED=false if that is the policy.',
    seeds: [],
    kind: 'auth',
    severity: 'warning',
  },
  AC_INSUFFICIENT_SCOPE_CHALLENGE_MISSING: {
    title: '403 without the insufficient_scope challenge',
    meaning:
      'A route declared as `403 insufficient_scope` answered 403 without WWW-Authenticate: Bearer error="insufficient_scope" (RFC 6750 §3.1), so a client cannot tell a missing scope from a refused Origin or a ban.',
    evidence: 'the route and the 403 response headers',
    fix: 'Answer 403 with WWW-Authenticate: Bearer error="insufficient_scope", scope="…", or declare the route as plain 403.',
    seeds: [],
    kind: 'auth',
    severity: 'warning',
  },
  AC_ROLE_NOT_ENFORCED: {
    title: 'Role not enforced',
    meaning: 'A route that must refuse the test user (403) let it through.',
    evidence: 'route, expected 403, actual status',
    fix: 'Check the authorisation rule of the route (role/scope claim).',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_UNEXPECTED_STATUS: {
    title: 'Route answered another status than declared',
    meaning:
      'An authenticated call got a status that is neither the declared one nor explained by another diagnosis (e.g. 404: wrong route in the env file).',
    evidence: 'route, expected and actual status',
    fix: 'Check ROUTES in the env file against the deployment.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_LOGIN_FAILED: {
    title: 'Login through the target failed',
    meaning:
      "The target's login flow did not give a token for the test user (wrong credentials, path, field names, or the auth service is down).",
    evidence: 'login status, WWW-Authenticate / error body, where the token was expected',
    fix: "Check LOGIN_PATH, LOGIN_BODY (json or form), LOGIN_*_FIELD, LOGIN_EXTRA_FIELDS / LOGIN_HEADERS, TEST_USER / TEST_USER_PASSWORD and LOGIN_TOKEN_JSON_FIELD / LOGIN_TOKEN_COOKIE / LOGIN_TOKEN_HEADER; the summary quotes the server's reason.",
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_REFRESH_FAILED: {
    title: 'Declared refresh step failed',
    meaning:
      "The refresh the env declares (REFRESH_PATH, by cookie or by body field) did not answer 2xx with a new access token, or the new token is refused: sessions end at the access token's expiry.",
    evidence:
      "how the refresh token was sent (cookie, body field), status, the server's reason (scrubbed), where the new token was expected",
    fix: 'Check REFRESH_FIELD / REFRESH_BODY / REFRESH_EXTRA_FIELDS (simplejwt: REFRESH_FIELD=refresh, REFRESH_ACCESS_JSON_FIELD=access) or REFRESH_COOKIE, and CSRF_* for cookie refreshes.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_COOKIE_IGNORED: {
    title: 'Token accepted by header, refused by cookie',
    meaning:
      'The same valid token works in Authorization but not in the cookie the env declares: the handler does not read the cookie (e.g. API Gateway v2 puts cookies in event.cookies, not headers.cookie).',
    evidence: 'status by header vs by cookie on the same route',
    fix: "Read the token from both headers.cookie and event.cookies (API Gateway v2), or from the framework's cookie parser.",
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_HEADER_IGNORED: {
    title: 'Token accepted by cookie, refused by header',
    meaning: 'The same valid token works in the cookie but not in the Authorization header.',
    evidence: 'status by header vs by cookie on the same route',
    fix: 'Read Authorization: Bearer as well, or document that only the cookie is supported (and drop it from the env).',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_SIGNUP_OPEN: {
    title: 'Public self-signup is open',
    meaning: 'An anonymous sign-up request was accepted.',
    evidence: 'sign-up status',
    fix: 'Disable self-registration (e.g. Cognito AllowAdminCreateUserOnly=true) and audit the accounts created.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_BROWSER_NOT_FOUND: {
    title: 'Browser suite did not run: no Chromium',
    meaning:
      "No Chromium was found where authcanary looks (AUTHCANARY_CHROMIUM, Playwright's Chromium, the system paths), so the browser suite did not run. The other suites ran; the run never passes silently without it.",
    evidence: 'the paths tried',
    fix: "Run `bash scripts/install-browser.sh` (Playwright's Chromium where downloads work, else `apt-get install chromium` as root), or set AUTHCANARY_CHROMIUM to a Chromium/Chrome executable; or leave the browser suite out on purpose with `-- --project rest --project websocket --project cookies`.",
    seeds: [],
    kind: 'config',
    severity: 'error',
  },
  AC_INCONCLUSIVE: {
    title: 'Inconclusive: the valid control failed',
    meaning:
      'A negative case cannot be judged because the valid control on the same route and transport was refused too.',
    evidence: "the control's status",
    fix: "Fix what the control's own diagnosis says first.",
    seeds: [],
    kind: 'inconclusive',
    severity: 'error',
  },
  AC_INFRA_UNREACHABLE: {
    title: 'Target unreachable',
    meaning: 'Connection refused, DNS failure, timeout, reset or TLS error: infrastructure, not auth.',
    evidence: 'error code, URL, attempts',
    fix: 'Check the URL, the deployment, DNS, and TLS (TLS_CA_FILE for a private CA).',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_INFRA_5XX: {
    title: 'Target down or failing (5xx everywhere)',
    meaning:
      'Gateway errors (502/503/504), or 5xx on the health route too: the application is down, not an auth verdict.',
    evidence: 'statuses of the health route and the control',
    fix: 'Check the deployment; rerun when it is healthy.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
} as const satisfies Record<string, CatalogueEntry>;
