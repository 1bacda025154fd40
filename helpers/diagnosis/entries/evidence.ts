import type { CatalogueEntry } from '../entry';

/** Diagnoses decided from the backend's own evidence (its logs, its deployed settings) and the token-type differential. */
export const EVIDENCE_ENTRIES = {
  AC_API_WANTS_OTHER_TOKEN_TYPE: {
    title: 'API wants the other token type',
    meaning:
      "The login returned several tokens (Cognito's IdToken and AccessToken, OIDC's id_token and access_token); the route refuses the one the client sends and accepts the other, or the backend's log says the token use is not allowed. The verifier's token_use / typ setting and the client's choice of token disagree.",
    evidence:
      "which token type was sent and refused, which one was accepted (statuses), the token_use / typ claims, the backend's log line",
    fix: 'Send the token type the API verifies (Cognito: access tokens for APIs, checked with tokenUse "access"; ID tokens carry aud = client id), or set the verifier\'s token use to the token the clients send (e.g. the cookie that carries the ID token).',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_ISSUER_SPELLING_DRIFT: {
    title: "API spells the issuer differently from the provider's tokens",
    meaning:
      "The token's signature verifies with a key the provider publishes, yet the API refuses its iss: the API's expected issuer is the same provider written differently (a trailing slash, case, http vs https, a region or path spelling), not another pool or tenant.",
    evidence:
      "the kid that verified the signature, the token's iss, the issuer the API expects (its error or deployed config), the spelling difference",
    fix: "Copy the issuer exactly from the provider's discovery document (`issuer` field) into the API's configuration; compare to the letter, including the trailing slash.",
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_DEPLOYED_CONFIG_DRIFT: {
    title: "API's deployed auth settings differ from the env",
    meaning:
      "The settings the API actually runs with (TARGET_CONFIG_COMMAND / TARGET_CONFIG_URL, e.g. a Lambda's environment variables) name another pool/issuer, app client/audience, token use, algorithm list or secret than the env file and the provider declare. Clients log in to one and the API verifies against the other.",
    evidence:
      'the meaning (issuer, audience, token_use, algorithms, jwks, secret), the deployed key, both values (fingerprints for secrets), where each came from',
    fix: 'Redeploy the API with the settings of the pool/client the clients use (or fix the env file if it is stale); keep one source for both, e.g. the same stack outputs.',
    seeds: ['000', '002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_AUTH_LIBRARY_NOT_LOADED: {
    title: "API's JWT library or handler did not load",
    meaning:
      'The backend\'s own log shows the runtime failed to import the verifier ("No module named \'jwt\'", Runtime.ImportModuleError, a native module built for another platform: "invalid ELF header"): every token is refused or errors, whatever its claims.',
    evidence: "the backend's log line (scrubbed) and its source, the request's window and marker",
    fix: 'Package the JWT library with the function for its runtime platform (build layers on Linux for the target architecture, e.g. in the runtime image), and fail the deployment when the handler cannot import it.',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_BACKEND_SAW_NO_TOKEN: {
    title: 'Backend says it received no token',
    meaning:
      'The backend\'s own log says the request carried no token ("Missing Authorization Header", "no <name> cookie"), although the harness sent one: the token is lost on the way (an API gateway that moves cookies out of the headers, a proxy that strips Authorization) or the API reads another header or cookie name.',
    evidence: "how the harness sent the token (header or cookie name), the backend's log line and its source",
    fix: "Read the token where the gateway delivers it (API Gateway HTTP API payload 2.0: event.cookies, not headers.cookie), forward Authorization through proxies, and align the cookie/header name with the env's TOKEN_COOKIE.",
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_EVIDENCE_UNAVAILABLE: {
    title: "The backend's declared evidence could not be read",
    meaning:
      'A declared log or config source (TARGET_LOG_*, TARGET_CONFIG_*) failed, hung past its timeout, or printed more than its byte limit during the run: the diagnosis falls back to what the responses show.',
    evidence: 'the env key, the program name, the exit code or the bytes and seconds it took (never what it printed)',
    fix: 'Run the command by hand with the same placeholders; raise TARGET_LOG_TIMEOUT / TARGET_LOG_MAX_BYTES, or narrow the command (a log group, a filter pattern on {requestId}).',
    seeds: [],
    kind: 'inconclusive',
    severity: 'warning',
  },
} as const satisfies Record<string, CatalogueEntry>;
