import type { CatalogueEntry } from '../entry';

/**
 * Why the target could not be tested: connection-level failures, gateways, overload, a failed preflight, and the
 * checks that failed without any diagnosis. None of these is an auth verdict.
 */
export const INFRA_ENTRIES = {
  AC_INFRA_DNS: {
    title: 'Target host name does not resolve',
    meaning: 'DNS lookup of the target host failed (ENOTFOUND / EAI_AGAIN): infrastructure or a wrong host name.',
    evidence: 'error code, URL (userinfo redacted), attempts',
    fix: 'Check the host name in TARGET_BASE_URL / TARGET_AUTH_URL / WS_URL and the runner’s DNS.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_INFRA_TIMEOUT: {
    title: 'Target did not answer in time',
    meaning: 'The connection or the response did not complete within HTTP_TIMEOUT: the target hangs or is overloaded.',
    evidence: 'error code, URL, timeout, attempts',
    fix: 'Check the deployment and anything in front of it; raise HTTP_TIMEOUT only if the target is known to be slow.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_INFRA_RESET: {
    title: 'Connection reset by the target',
    meaning: 'The target (or a proxy) closed the connection mid-request (ECONNRESET, EPIPE, socket error).',
    evidence: 'error code, URL, attempts',
    fix: 'Check the deployment, load balancer idle timeouts and proxies; rerun when healthy.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_INFRA_TLS: {
    title: 'TLS handshake failed',
    meaning:
      'The certificate is self-signed, expired, for another name, or signed by a CA the runner does not trust; nothing was tested.',
    evidence: 'TLS error code, URL',
    fix: 'Give the private CA in TLS_CA_FILE, or fix the certificate; never disable verification for a staging run.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_INFRA_RATE_LIMITED: {
    title: 'Target rate-limited the run (429)',
    meaning: 'The target answered 429 Too Many Requests: overload protection, not an auth verdict.',
    evidence: 'status, Retry-After, attempts',
    fix: 'Lower the run rate or allow the runner; Retry-After is honoured up to HTTP_RETRY_AFTER_MAX on idempotent calls.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_INFRA_TARGET_DOWN: {
    title: 'Preflight: target unreachable or failing before any check',
    meaning:
      'The health route or the login endpoint was unreachable or answered 5xx before the run started: the target could not be tested, no check was run.',
    evidence: 'preflight step, URL, status or error code',
    fix: 'Check the deployment; rerun when it is healthy.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_INFRA_TARGET_LOST: {
    title: 'Target went down during the run',
    meaning:
      'An earlier check found the target unreachable, so this check could not be judged: inconclusive, not an auth verdict.',
    evidence: 'when and how the target was found down',
    fix: 'Rerun when the target is healthy; the first infra diagnosis of the run says what failed.',
    seeds: [],
    kind: 'inconclusive',
    severity: 'error',
  },
  AC_CHECK_ERROR: {
    title: 'Check failed without a diagnosis',
    meaning:
      'The check failed on an assertion or an error that no diagnosis explains (e.g. an expect() in a spec, or a timeout while the target answered): it could not judge, so it is inconclusive, never an auth verdict.',
    evidence: 'the first line of the error',
    fix: 'Read the failure message; a diagnosis for this cause belongs in the catalogue.',
    seeds: [],
    kind: 'inconclusive',
    severity: 'error',
  },
  AC_TOKEN_NOT_JWT: {
    title: 'Login issued an opaque token, not a JWT',
    meaning:
      'The token the target’s login returned is not a JWT (not three base64url segments with a JSON header): the JWT checks cannot apply, and no secret comparison is possible.',
    evidence: 'segment count, length, fingerprint of the token',
    fix: 'If the target issues opaque tokens, declare it in the env (no JWT_* expectations); otherwise check LOGIN_TOKEN_JSON_FIELD.',
    seeds: [],
    kind: 'config',
    severity: 'error',
  },
} as const satisfies Record<string, CatalogueEntry>;
