import { infraAnswerDiagnosis, statusClass, type StatusAnswer } from '../../http/status-verdict';
import { scopeNotEnforced } from '../../oidc/scope';
import { diagnosis, type Diagnosis } from '../diagnosis';

/** What a route's answer means against the status the env declares for it. */
export type StatusJudgement =
  /** As declared. */
  | { readonly verdict: 'as-declared' }
  /** Settled from the answer alone. */
  | { readonly verdict: 'settled'; readonly diagnoses: readonly Diagnosis[] }
  /** A refusal or a 5xx: the diagnosis ladder (probes on the same route) explains it; `unexpectedStatus` if it cannot. */
  | { readonly verdict: 'diagnose' };

/**
 * Judges an authenticated call against its declared status. A redirect or gateway answer is infrastructure whatever
 * was expected; a 2xx where 403 was declared is a scope (the token carries one) or role not enforced; a 401, 403 or
 * 5xx goes to the ladder; anything else is an unexpected status.
 */
export function judgeRouteStatus(input: {
  readonly route: string;
  readonly expected: number;
  readonly answer: StatusAnswer;
  readonly token?: string | undefined;
}): StatusJudgement {
  const { route, expected, answer } = input;
  const actual = answer.status;
  if (actual === expected) return { verdict: 'as-declared' };
  const infra = infraAnswerDiagnosis(answer, route);
  if (infra) return { verdict: 'settled', diagnoses: [infra] };
  const unscoped = scopeNotEnforced(route, expected, actual, input.token);
  if (unscoped) return { verdict: 'settled', diagnoses: [unscoped] };
  if (expected === 403 && statusClass(actual) === 'accepted')
    return {
      verdict: 'settled',
      diagnoses: [
        diagnosis('AC_ROLE_NOT_ENFORCED', `${route} must refuse this user (403) but answered ${actual}`, {
          route,
          expected,
          actual,
        }),
      ],
    };
  if (actual === 401 || actual === 403 || statusClass(actual) === 'server-error') return { verdict: 'diagnose' };
  return { verdict: 'settled', diagnoses: [unexpectedStatus(route, expected, actual)] };
}

/** A status neither declared nor explained by any other diagnosis (e.g. a 404: the env names a wrong route). */
export function unexpectedStatus(route: string, expected: number, actual: number): Diagnosis {
  return diagnosis('AC_UNEXPECTED_STATUS', `${route} answered ${actual}, expected ${expected}`, {
    route,
    expected,
    actual,
  });
}
