import { diagnosis, type Diagnosis } from '../diagnosis';

/** How long a "still down" from the quick probe stands before the next check probes again. */
export const TARGET_DOWN_RECHECK_MS = 5_000;

/**
 * The code of a failed check that carries none of its own: AC_INFRA_TARGET_LOST when the quick probe finds the target
 * down (what failed was the target, not the check), else AC_CHECK_ERROR with the first line of the error. Both are
 * inconclusive: neither is an auth verdict.
 */
export function uncodedFailure(probe: Diagnosis | undefined, firstError: string): Diagnosis {
  if (probe) return diagnosis('AC_INFRA_TARGET_LOST', `the check failed while the target is down: ${probe.summary}`);
  return diagnosis('AC_CHECK_ERROR', firstError.split('\n', 1)[0] ?? '');
}

/** A check not started because the target was found down earlier in this run and still is. */
export function targetStillDown(cause: { readonly summary: string }): Diagnosis {
  return diagnosis(
    'AC_INFRA_TARGET_LOST',
    `the target was found down earlier in this run and still is: ${cause.summary}`,
  );
}

/**
 * Whether the last "still down" is recent enough to skip the next check without probing again: only a quick probe's
 * own finding counts (a 429 on one route is not the target down), and only for TARGET_DOWN_RECHECK_MS.
 */
export function downIsFresh(marker: { probed?: unknown; at?: unknown } | undefined, nowMs: number): boolean {
  if (!marker || marker.probed !== true || typeof marker.at !== 'string') return false;
  const at = Date.parse(marker.at);
  return Number.isFinite(at) && nowMs - at >= 0 && nowMs - at < TARGET_DOWN_RECHECK_MS;
}

/** A case that needs the valid control cannot be judged when the control was not accepted on the same route. */
export function controlNotAccepted(route: string, controlStatus: number | undefined, seeAlso: string): Diagnosis {
  return diagnosis(
    'AC_INCONCLUSIVE',
    `the valid control on ${route} got ${controlStatus ?? 'no answer'}: this case cannot be judged (see ${seeAlso})`,
    { route, controlStatus: controlStatus ?? null },
  );
}
