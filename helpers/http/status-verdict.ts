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
  /** The Location of a 3xx. */
  readonly location?: string | undefined;
}

export const answerOf = (exchange: HttpExchange): StatusAnswer => ({
  status: exchange.status,
  method: exchange.method,
  url: exchange.url,
  retryAfter: exchange.header('retry-after'),
  attempts: exchange.record.attempts,
  location: exchange.header('location'),
});

/**
 * Gateway and overload answers: the target could not be tested, in every suite and at any point of a run. The one
 * definition; the retry policy retries exactly these on idempotent calls.
 */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * What a status says before any auth meaning is read into it:
 * - accepted: 2xx, the target let the request through;
 * - redirect: 3xx, an ingress or the app sent the client elsewhere: neither acceptance nor refusal;
 * - gateway: 429/502/503/504, infrastructure;
 * - server-error: any other 5xx, the application answered and crashed (an auth defect or the app down: see
 *   serverErrorDiagnosis);
 * - refused: any other 4xx, the application judged the request;
 * - other: 1xx and anything out of range.
 */
export type StatusClass = 'accepted' | 'redirect' | 'gateway' | 'server-error' | 'refused' | 'other';

export function statusClass(status: number): StatusClass {
  if (GATEWAY_STATUSES.has(status)) return 'gateway';
  if (status >= 200 && status < 300) return 'accepted';
  if (status >= 300 && status < 400) return 'redirect';
  if (status >= 400 && status < 500) return 'refused';
  if (status >= 500 && status < 600) return 'server-error';
  return 'other';
}

/** Infrastructure whatever the check expected: a redirect or a gateway status. */
export const isInfraStatus = (status: number): boolean => {
  const kind = statusClass(status);
  return kind === 'redirect' || kind === 'gateway';
};

const whereOf = (answer: StatusAnswer) => `${answer.method} ${redactUrl(answer.url)}`;

/** A 3xx where the application was expected to judge the request: a loop when it points back to where it came from. */
export function redirectDiagnosis(answer: StatusAnswer, what: string): Diagnosis {
  const { status, url } = answer;
  const location = answer.location;
  let next: string | undefined;
  try {
    next = location === undefined ? undefined : new URL(location, url).href;
  } catch {
    next = undefined;
  }
  const evidence = { status, location: location === undefined ? null : redactUrl(next ?? location) };
  if (next !== undefined && next === new URL(url).href)
    return diagnosis(
      'AC_INFRA_REDIRECT_LOOP',
      `${what}: ${whereOf(answer)} answered ${status} pointing back to itself: a redirect loop, nothing was tested`,
      evidence,
    );
  return diagnosis(
    'AC_INFRA_REDIRECT',
    `${what}: ${whereOf(answer)} answered ${status} to ${evidence.location ?? '(no Location)'}: a redirect is neither an acceptance nor a refusal; infrastructure, not an auth verdict`,
    evidence,
  );
}

/** 429 (rate-limited) or 502/503/504 (gateway or overload). */
export function gatewayDiagnosis(answer: StatusAnswer, what: string): Diagnosis {
  const { status, retryAfter, attempts } = answer;
  if (status === 429)
    return diagnosis(
      'AC_INFRA_RATE_LIMITED',
      `${what}: ${whereOf(answer)} answered 429${retryAfter ? ` (Retry-After ${retryAfter})` : ''}: rate-limited, not an auth verdict`,
      { status, retryAfter: retryAfter ?? null, attempts: attempts ?? null },
    );
  return diagnosis(
    'AC_INFRA_5XX',
    `${what}: ${whereOf(answer)} answered ${status} (gateway or overload): infrastructure, not an auth verdict`,
    { status, attempts: attempts ?? null },
  );
}

/** The infrastructure verdict of a redirect or gateway answer; undefined for any answer the application judged. */
export function infraAnswerDiagnosis(answer: HttpExchange | StatusAnswer, what: string): Diagnosis | undefined {
  const plain = 'record' in answer ? answerOf(answer) : answer;
  const kind = statusClass(plain.status);
  if (kind === 'redirect') return redirectDiagnosis(plain, what);
  if (kind === 'gateway') return gatewayDiagnosis(plain, what);
  return undefined;
}

/**
 * What an answer that is not the application judging the request means where a check expected one (a refusal, a
 * login, a cookie): never a pass. A 3xx or 429/502/503/504 is infrastructure; a 500 is infrastructure when the health
 * route fails too, otherwise the auth component is broken (the service is up, this handler crashes). Undefined for any
 * 2xx or 4xx.
 */
export async function serverErrorDiagnosis(
  answer: HttpExchange | StatusAnswer,
  what: string,
  healthStatus: () => Promise<number | undefined>,
): Promise<Diagnosis | undefined> {
  const plain = 'record' in answer ? answerOf(answer) : answer;
  const infra = infraAnswerDiagnosis(plain, what);
  if (infra) return infra;
  const { status } = plain;
  if (statusClass(status) !== 'server-error') return undefined;
  const health = await healthStatus().catch(() => undefined);
  if (health === undefined || health >= 500)
    return diagnosis(
      'AC_INFRA_5XX',
      `${what}: ${whereOf(plain)} answered ${status} and the health route ${health === undefined ? 'is unreachable' : `answers ${health}`}: the application is down`,
      { status, health: health ?? null },
    );
  return diagnosis(
    'AC_AUTH_COMPONENT_BROKEN',
    `${what}: ${whereOf(plain)} answered ${status} while the service is up (health ${health}): the auth handling crashes instead of answering`,
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
