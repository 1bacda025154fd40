/**
 * What a failed check means for the run:
 * - auth: the detector firing (drift, a broken auth contract): exit 1;
 * - infra: the target could not be tested (unreachable, DNS, timeout, reset, TLS, a redirect, 502/503/504, 429,
 *   WebSocket 1001/1006/1011/1012/1013, upgrade 3xx/5xx): exit 3;
 * - inconclusive: the check could not judge (its control failed, the login gave no token, it failed without a
 *   diagnosis) (counts as infra for the exit);
 * - config: the env file or the harness's set-up is wrong: exit 2.
 */
export type VerdictKind = 'auth' | 'infra' | 'inconclusive' | 'config';

export const VERDICT_KINDS: readonly VerdictKind[] = ['auth', 'infra', 'inconclusive', 'config'];

/** The kind of a check with several findings: auth wins (a real finding), then config, then infra, then inconclusive. */
export function combineKinds(kinds: Iterable<VerdictKind>): VerdictKind | undefined {
  const seen = new Set(kinds);
  for (const kind of ['auth', 'config', 'infra', 'inconclusive'] as const) if (seen.has(kind)) return kind;
  return undefined;
}
