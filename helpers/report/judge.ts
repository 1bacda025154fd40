import type { Severity } from '../diagnosis/entry';
import { isExpired, type Baseline, type BaselineEntry } from './baseline';
import type { Finding, FindingPlace } from './findings';

export type FailOn = Severity;

export interface Judgement {
  readonly verdict: 'passed' | 'failed';
  /** The findings with their baseline status (new / known / expired). */
  readonly findings: readonly Finding[];
  /** Baseline entries that no finding of this run matched although a check that shows them ran: fixed. */
  readonly fixed: readonly { code: string; check?: string | undefined; reason: string }[];
  /** Baseline entries not seen whose checks did not run in this run (another suite, a shard, a filter). */
  readonly notExercised: readonly { code: string; check?: string | undefined; reason: string }[];
  /** Why the verdict is what it is, one line each (empty when passed). */
  readonly reasons: readonly string[];
}

export interface JudgeInput {
  readonly findings: readonly Finding[];
  readonly baseline?: Baseline | undefined;
  /** error (default): only error findings fail the run; warning: warnings fail it too. */
  readonly failOn: FailOn;
  readonly nowMs: number;
  /** The test runner failed with no failed check to explain it (a crash, a global timeout): never a pass. */
  readonly runnerFailed: boolean;
  /**
   * The checks of this run. An unmatched baseline entry is "fixed" only when a check that could show it ran (not
   * skipped): its `check` title, else one of its `projects` (suites), recorded by `authcanary baseline`. An entry
   * with neither cannot be placed and is "not exercised". Without `ran`, every unmatched entry counts as fixed.
   */
  readonly ran?: readonly { readonly title: string; readonly project: string; readonly status: string }[];
}

function exercised(entry: BaselineEntry, ran: NonNullable<JudgeInput['ran']>): boolean {
  const run = ran.filter((check) => check.status !== 'skipped' && check.status !== 'interrupted');
  if (entry.check !== undefined) return run.some((check) => check.title.includes(entry.check as string));
  if (entry.projects !== undefined) return run.some((check) => entry.projects?.includes(check.project));
  return false;
}

function matches(entry: BaselineEntry, code: string, place: FindingPlace): boolean {
  return entry.code === code && (entry.check === undefined || place.title.includes(entry.check));
}

/**
 * Marks each finding new / known / expired against the baseline and decides the verdict: a new or expired
 * finding fails the run if it is an error (or a warning with failOn=warning); an expired acknowledgment fails
 * whatever the severity, since the team set that date itself. Known findings never fail.
 */
export function judge(input: JudgeInput): Judgement {
  const entries = input.baseline?.findings ?? [];
  const used = new Set<BaselineEntry>();
  const findings = input.findings.map((finding): Finding => {
    if (input.baseline === undefined) return { ...finding, status: 'new' };
    let unmatched = false;
    let expired: BaselineEntry | undefined;
    let live: BaselineEntry | undefined;
    for (const place of finding.places) {
      const matching = entries.filter((entry) => matches(entry, finding.code, place));
      matching.forEach((entry) => used.add(entry));
      const valid = matching.find((entry) => !isExpired(entry, input.nowMs));
      if (valid) live ??= valid;
      else if (matching.length > 0) expired ??= matching[0];
      else unmatched = true;
    }
    const status = unmatched ? 'new' : expired ? 'expired' : 'known';
    const acknowledgment = expired ?? live;
    return {
      ...finding,
      status,
      ...(acknowledgment ? { acknowledged: { reason: acknowledgment.reason, expires: acknowledgment.expires } } : {}),
    };
  });
  const reasons: string[] = [];
  for (const finding of findings) {
    if (finding.status === 'expired')
      reasons.push(`${finding.code}: acknowledgment expired on ${finding.acknowledged?.expires ?? '?'}`);
    else if (finding.status === 'new' && (finding.severity === 'error' || input.failOn === 'warning'))
      reasons.push(`${finding.code}: new ${finding.severity} on ${finding.checks} check(s)`);
  }
  if (input.runnerFailed) reasons.push('the test run failed without a failed check (see its output)');
  const unseen = entries.filter((entry) => !used.has(entry));
  const shown = (entry: BaselineEntry) => ({ code: entry.code, check: entry.check, reason: entry.reason });
  const ran = input.ran;
  const fixed = unseen.filter((entry) => ran === undefined || exercised(entry, ran)).map(shown);
  const notExercised = ran === undefined ? [] : unseen.filter((entry) => !exercised(entry, ran)).map(shown);
  return { verdict: reasons.length === 0 ? 'passed' : 'failed', findings, fixed, notExercised, reasons };
}
