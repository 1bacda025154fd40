import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import { redactUrl } from '../redact/redact-headers';
import type { HttpExchange } from './exchange';

/** The parts of an answer the verdict needs: from an exchange (`answerOf`) or a recorded step. */
export interface StatusAnswer {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly retryAfter?: string | undefined;
  readonly attempts?: number | undefined;
}

export const answerOf = (exchange: HttpExchange): StatusAnswer => ({
  status: exchange.status,
  method: exchange.method,
  url: exchange.url,
  retryAfter: exchange.header('retry-after'),
  attempts: exchange.record.attempts,
});

/** Gateway and overload answers: the target could not be tested (design notes §5). */
export const INFRA_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * What a 429 or 5xx means where a check expected an answer (a refusal, a login, a cookie): never a pass.
 * 429/502/503/504 are infrastructure; a 500 is infrastructure when the health route fails too, otherwise the auth
 * component is broken (the service is up, this handler crashes). Undefined for any other status.
 */
export async function serverErrorDiagnosis(
  answer: HttpExchange | StatusAnswer,
  what: string,
  healthStatus: () => Promise<number | undefined>,
): Promise<Diagnosis | undefined> {
  const { status, method, url, retryAfter, attempts } = 'record' in answer ? answerOf(answer) : answer;
  const where = `${method} ${redactUrl(url)}`;
  if (status === 429)
    return diagnosis(
      'AC_INFRA_RATE_LIMITED',
      `${what}: ${where} answered 429${retryAfter ? ` (Retry-After ${retryAfter})` : ''}: rate-limited, not an auth verdict`,
      { status, retryAfter: retryAfter ?? null, attempts: attempts ?? null },
    );
  if (INFRA_STATUSES.has(status))
    return diagnosis(
      'AC_INFRA_5XX',
      `${what}: ${where} answered ${status} (gateway or overload): infrastructure, not an auth verdict`,
      { status, attempts: attempts ?? null },
    );
  if (status < 500) return undefined;
  const health = await healthStatus().catch(() => undefined);
  if (health === undefined || health >= 500)
    return diagnosis(
      'AC_INFRA_5XX',
      `${what}: ${where} answered ${status} and the health route ${health === undefined ? 'is unreachable' : `answers ${health}`}: the application is down`,
      { status, health: health ?? null },
    );
  return diagnosis(
    'AC_AUTH_COMPONENT_BROKEN',
    `${what}: ${where} answered ${status} while the service is up (health ${health}): the auth handling crashes instead of answering`,
    { status, health },
  );
}

/** The health route's status (the base URL when none is declared), or undefined when unreachable. */
export function healthStatusOf(
  http: { send: (url: string, options: { useJar: boolean; label: string }) => Promise<HttpExchange> },
  config: { target: { baseUrl: string; healthPath?: string | undefined } },
): () => Promise<number | undefined> {
  return async () =>
    (await http.send(`${config.target.baseUrl}${config.target.healthPath ?? '/'}`, { useJar: false, label: 'health' }))
      .status;
}
