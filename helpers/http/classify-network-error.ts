/**
 * Connection-level failures by cause: each is infrastructure, never an auth verdict.
 * The code names what failed so a CI job (and a person) can tell DNS from TLS from a hang.
 */
export type InfraCode =
  'AC_INFRA_DNS' | 'AC_INFRA_TIMEOUT' | 'AC_INFRA_RESET' | 'AC_INFRA_TLS' | 'AC_INFRA_UNREACHABLE';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_CLOSED']);
const TLS =
  /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$)/;

export function infraCodeFor(errorCode: string): InfraCode {
  if (DNS.has(errorCode)) return 'AC_INFRA_DNS';
  if (TIMEOUT.has(errorCode)) return 'AC_INFRA_TIMEOUT';
  if (RESET.has(errorCode)) return 'AC_INFRA_RESET';
  if (TLS.test(errorCode)) return 'AC_INFRA_TLS';
  return 'AC_INFRA_UNREACHABLE';
}

const WHAT: Record<InfraCode, string> = {
  AC_INFRA_DNS: 'host name does not resolve',
  AC_INFRA_TIMEOUT: 'no answer in time',
  AC_INFRA_RESET: 'connection reset',
  AC_INFRA_TLS: 'TLS handshake failed',
  AC_INFRA_UNREACHABLE: 'unreachable',
};

export const describeInfraCode = (code: InfraCode): string => WHAT[code];

/** The first string `code` along an error's cause chain; an abort by timeout counts as ETIMEDOUT. */
export function networkErrorCode(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const name = (current as { name?: unknown }).name;
    if (name === 'TimeoutError') return 'ETIMEDOUT';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR' && code !== 'UND_ERR_ABORTED') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}
