import type { HttpExchange } from '../../http/exchange';
import { serverErrorDiagnosis, statusClass } from '../../http/status-verdict';
import { diagnosis, type Diagnosis } from '../diagnosis';

/** What counts as sign-up refused: 401/403, or no such endpoint / method (404, 405). */
export const SIGNUP_REFUSED: ReadonlySet<number> = new Set([401, 403, 404, 405]);

/**
 * An anonymous sign-up: a 2xx is open self-registration; a refusal is the only pass; a redirect, a gateway or a 5xx
 * says nothing about whether sign-up is open (infrastructure or a crash); any other status is unknown.
 */
export async function judgeSignup(
  exchange: HttpExchange,
  input: { readonly signupPath: string; readonly probeUser: string },
  healthStatus: () => Promise<number | undefined>,
): Promise<Diagnosis | undefined> {
  const { status } = exchange;
  if (statusClass(status) === 'accepted')
    return diagnosis(
      'AC_SIGNUP_OPEN',
      `an anonymous sign-up was accepted (${status}); the probe account ${input.probeUser} may now exist`,
      { status, probeUser: input.probeUser },
    );
  const serverError = await serverErrorDiagnosis(exchange, 'anonymous sign-up', healthStatus);
  if (serverError) return serverError;
  if (SIGNUP_REFUSED.has(status)) return undefined;
  return diagnosis(
    'AC_UNEXPECTED_STATUS',
    `POST ${input.signupPath} answered ${status} to an anonymous sign-up: not a refusal (401/403/404/405), so whether sign-up is open is unknown`,
    { status, expected: [...SIGNUP_REFUSED] },
  );
}
