import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import { serverErrorDiagnosis } from '../http/status-verdict';
import { redactUrl } from '../redact/redact-headers';
import type { CapturedRequest } from './cdp-cookie-capture';

/** Chromium net errors that name an infrastructure cause the harness already has a code for. */
const NET_ERROR_CODES: ReadonlyArray<readonly [RegExp, Diagnosis['code']]> = [
  [/^net::ERR_NAME_(NOT_RESOLVED|RESOLUTION_FAILED)$/, 'AC_INFRA_DNS'],
  [/^net::ERR_(CONNECTION_)?TIMED_OUT$/, 'AC_INFRA_TIMEOUT'],
  [/^net::ERR_(CONNECTION_RESET|CONNECTION_CLOSED|EMPTY_RESPONSE|CONNECTION_ABORTED)$/, 'AC_INFRA_RESET'],
  [/^net::ERR_(CERT_|SSL_)/, 'AC_INFRA_TLS'],
  [/^net::ERR_(CONNECTION_REFUSED|ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED)$/, 'AC_INFRA_UNREACHABLE'],
];

/**
 * Why a credentialed fetch from the app page failed ("Failed to fetch" in the page), decided by what Chromium itself
 * saw: an answer whose status is infrastructure (429, 502/503/504, a redirect, a 5xx with the health route down)
 * is judged by the one status verdict even when the gateway sent no CORS headers; a net error of Chromium's own
 * (a redirect loop, a refused connection) is infrastructure; only an answer the application gave, withheld for
 * missing CORS headers, is AC_COOKIE_CORS_REFUSED.
 */
export async function failedCallDiagnosis(
  what: string,
  pageError: string,
  seen: CapturedRequest | undefined,
  healthStatus: () => Promise<number | undefined>,
  appOrigin: string,
): Promise<Diagnosis> {
  const evidence = {
    route: what,
    appOrigin,
    pageError,
    chromiumNetError: seen?.netError ?? null,
    corsError: seen?.corsError ?? null,
    status: seen?.status ?? null,
    redirects: (seen?.redirects ?? []).map((hop) => `${hop.status} ${redactUrl(hop.url)}`),
  };
  const last = seen?.redirects?.at(-1);
  const status = seen?.status ?? last?.status;
  if (status !== undefined && seen !== undefined && seen.netError !== 'net::ERR_TOO_MANY_REDIRECTS') {
    const infra = await serverErrorDiagnosis(
      {
        status,
        method: seen.method,
        url: seen.status !== undefined ? seen.url : (last?.url ?? seen.url),
        retryAfter: seen.retryAfter,
      },
      `${what} from ${appOrigin} (Chromium: ${seen.netError ?? 'loaded'}${seen.corsError ? `, CORS ${seen.corsError}` : ''})`,
      healthStatus,
    );
    if (infra !== undefined) return { ...infra, evidence: { ...infra.evidence, ...evidence } };
  }
  const net = seen?.netError;
  if (net !== undefined && seen?.corsError === undefined && net !== 'net::ERR_FAILED') {
    const code = NET_ERROR_CODES.find(([pattern]) => pattern.test(net))?.[1] ?? 'AC_INFRA_BROWSER_NET_ERROR';
    const hops = evidence.redirects.length > 0 ? ` after ${evidence.redirects.length} redirect(s)` : '';
    return diagnosis(
      code,
      `${what} from ${appOrigin}: Chromium failed it with ${net}${hops}: infrastructure, not an auth or CORS verdict`,
      evidence,
    );
  }
  return diagnosis(
    'AC_COOKIE_CORS_REFUSED',
    `${what} from ${appOrigin}: ${pageError}${seen?.corsError ? ` (Chromium: CORS ${seen.corsError}${status === undefined ? '' : `, the target answered ${status}`})` : ''}`,
    evidence,
  );
}
