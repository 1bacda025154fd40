import { infraAnswerDiagnosis, statusClass, type StatusAnswer } from '../../http/status-verdict';
import { diagnosis, type Diagnosis } from '../diagnosis';

/** The same token sent to one route by Authorization header, by the token cookie, and by both at once. */
export interface DeliveryAnswers {
  readonly route: string;
  readonly cookieName: string;
  readonly header: StatusAnswer;
  readonly cookie: StatusAnswer;
  readonly both: StatusAnswer;
}

/**
 * Accepted by header and refused by cookie (or the reverse) names the transport the handler ignores; refused both ways
 * is unexpected (the login's own token); both at once may be 2xx or a 400 for an ambiguous request, never 401 or 5xx.
 * A redirect or gateway answer on any of the three is infrastructure: nothing is compared.
 */
export function judgeTokenDelivery(answers: DeliveryAnswers): Diagnosis | undefined {
  const { route, cookieName } = answers;
  for (const answer of [answers.header, answers.cookie, answers.both]) {
    const infra = infraAnswerDiagnosis(answer, `${route} token delivery`);
    if (infra) return infra;
  }
  const header = answers.header.status;
  const cookie = answers.cookie.status;
  const both = answers.both.status;
  const transport = judgeHeaderVsCookie({ route, cookieName, header: answers.header, cookie: answers.cookie });
  if (transport) return transport;
  if (statusClass(header) !== 'accepted' && statusClass(cookie) !== 'accepted')
    return diagnosis(
      'AC_UNEXPECTED_STATUS',
      `${route}: the login's token is refused by header (${header}) and by cookie (${cookie})`,
      { route, header, cookie },
    );
  if (statusClass(both) === 'server-error' || both === 401)
    return diagnosis(
      'AC_UNEXPECTED_STATUS',
      `${route}: the same token by header and cookie answers ${both} (expected 2xx, or 400 for an ambiguous request)`,
      { route, both },
    );
  return undefined;
}

/**
 * The same valid token by Authorization header and by the token cookie: accepted one way and refused the other names
 * the transport the handler ignores. Undefined when both agree (the caller decides what refused-both-ways means); a
 * redirect or gateway answer on either is infrastructure.
 */
export function judgeHeaderVsCookie(answers: {
  readonly route: string;
  readonly cookieName: string;
  readonly header: StatusAnswer;
  readonly cookie: StatusAnswer;
}): Diagnosis | undefined {
  const { route, cookieName } = answers;
  for (const answer of [answers.header, answers.cookie]) {
    const infra = infraAnswerDiagnosis(answer, `${route} token delivery`);
    if (infra) return infra;
  }
  const header = answers.header.status;
  const cookie = answers.cookie.status;
  const ok = (status: number) => statusClass(status) === 'accepted';
  const evidence = { route, header, cookie };
  if (ok(header) && !ok(cookie))
    return diagnosis(
      'AC_COOKIE_IGNORED',
      `${route}: token accepted by header (${header}), refused by cookie ${cookieName} (${cookie})`,
      evidence,
    );
  if (ok(cookie) && !ok(header))
    return diagnosis(
      'AC_HEADER_IGNORED',
      `${route}: token accepted by cookie ${cookieName} (${cookie}), refused by header (${header})`,
      evidence,
    );
  return undefined;
}
