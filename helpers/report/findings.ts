import { CATALOGUE, type DiagnosisCode } from '../diagnosis/catalogue';
import type { Severity } from '../diagnosis/entry';
import type { Diagnosis } from '../diagnosis/diagnosis';
import { symptomsOfDrift } from '../diagnosis/deployed-setting-symptoms';
import type { CheckSummary } from './summary';

/** A failed check that carries no diagnosis code: still a finding (never a silent pass), always an error. */
export const UNDIAGNOSED = 'UNDIAGNOSED';

/** One check where a root cause showed. */
export interface FindingPlace {
  readonly checkId: string;
  readonly title: string;
  readonly project: string;
  readonly summary: string;
  /** The check's own code when it is a symptom of this root cause (e.g. the log's AC_AUDIENCE_DRIFT under a drift). */
  readonly symptom?: string;
}

/**
 * One root cause: a diagnosis code with every failed check it explains. A missing WWW-Authenticate seen on 15
 * checks is one finding with 15 places, not 15 failures.
 */
export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly fix: string;
  readonly checks: number;
  readonly places: readonly FindingPlace[];
  /** Set by the baseline: new (not acknowledged), known (acknowledged), expired (acknowledgment past its date). */
  readonly status?: 'new' | 'known' | 'expired';
  /** The acknowledgment that matched, if any. */
  readonly acknowledged?: { readonly reason: string; readonly expires?: string | undefined };
}

const FAILED: ReadonlySet<CheckSummary['status']> = new Set(['failed', 'timedOut', 'interrupted']);
const REPORTED: ReadonlySet<CheckSummary['status']> = new Set(['passed', 'flaky']);

function describe(code: string): { severity: Severity; title: string; fix: string } {
  const entry = (CATALOGUE as Record<string, (typeof CATALOGUE)[DiagnosisCode] | undefined>)[code];
  if (entry) return { severity: entry.severity, title: entry.title, fix: entry.fix };
  return {
    severity: 'error',
    title: code === UNDIAGNOSED ? 'Failed check without a diagnosis' : `Unknown code ${code}`,
    fix: 'Read the failed check in the HTML or Allure report; its error says what went wrong.',
  };
}

/** A suite the run left out because it could not run (no browser): a finding, never a silent pass. */
export interface SuiteNotRun {
  readonly suite: string;
  readonly code: string;
  readonly reason: string;
}

/** A finding of the run's preflight (e.g. the API's deployed settings differ from the env), made before any check. */
export interface PreflightFinding {
  readonly code: string;
  readonly summary: string;
  /** The deployed settings that differ (issuer, pool, audience, token_use, algorithms, jwks, secret…). */
  readonly settings?: readonly string[];
}

/** The preflight's drift as summary.json keeps it: its code, its (scrubbed) summary, which deployed settings differ. */
export function preflightFinding(drift: Diagnosis): PreflightFinding {
  const deployed = drift.evidence['deployedConfig'] as { drifts?: readonly { meaning?: unknown }[] } | undefined;
  const settings = [
    ...new Set((deployed?.drifts ?? []).map((entry) => entry.meaning).filter((meaning) => typeof meaning === 'string')),
  ];
  return { code: drift.code, summary: drift.summary, ...(settings.length ? { settings } : {}) };
}

const PREFLIGHT_PLACE = 'preflight';

/** Where `authcanary run` leaves its preflight findings for the summary reporter: beside summary.json. */
export const PREFLIGHT_FILE = 'preflight.json';

/**
 * Groups the failed checks (and the warnings passed checks reported) by root cause, ranked: errors first, then by how
 * many checks each explains. A preflight finding is its own root cause only when no check carries its code (a check
 * that does is the same cause seen where it hurts: shown once, with the checks' places). A preflight drift of deployed
 * settings also takes in the checks whose codes those settings explain (deployed-setting-symptoms): one root cause,
 * the setting first (its place keeps the deployed and expected values), then each check with its own code and summary
 * (e.g. the API's log line). A code the drift does not explain stays its own root cause.
 */
export function groupFindings(
  checks: readonly CheckSummary[],
  notRun: readonly SuiteNotRun[] = [],
  preflight: readonly PreflightFinding[] = [],
): Finding[] {
  const byCode = new Map<string, FindingPlace[]>();
  for (const suite of notRun)
    byCode.set(suite.code, [
      ...(byCode.get(suite.code) ?? []),
      {
        checkId: `suite:${suite.suite}`,
        title: `${suite.suite} suite (did not run)`,
        project: suite.suite,
        summary: suite.reason,
      },
    ]);
  for (const check of checks) {
    // A passed check can report warnings without failing (e.g. a cookie blocked only as third-party): findings too.
    const reported = REPORTED.has(check.status)
      ? check.diagnoses.filter((item) => describe(item.code).severity === 'warning')
      : [];
    if (!FAILED.has(check.status) && reported.length === 0) continue;
    // A check cut short by an interruption, with nothing diagnosed, explains nothing.
    if (check.status === 'interrupted' && check.diagnoses.length === 0) continue;
    const codes = !FAILED.has(check.status)
      ? reported
      : check.diagnoses.length > 0
        ? check.diagnoses
        : [{ code: UNDIAGNOSED, summary: check.title }];
    const seen = new Set<string>();
    for (const { code, summary } of codes) {
      if (seen.has(code)) continue;
      seen.add(code);
      const places = byCode.get(code) ?? [];
      places.push({ checkId: check.id, title: check.title, project: check.project, summary });
      byCode.set(code, places);
    }
  }
  for (const found of preflight) {
    const preflightPlace: FindingPlace = {
      checkId: PREFLIGHT_PLACE,
      title: 'preflight (before the checks)',
      project: PREFLIGHT_PLACE,
      summary: found.summary,
    };
    const explained = symptomsOfDrift(Array.isArray(found.settings) ? found.settings : []);
    const symptoms: FindingPlace[] = [];
    for (const [code, places] of [...byCode])
      if (code !== found.code && explained.has(code)) {
        byCode.delete(code);
        symptoms.push(...places.map((place) => ({ ...place, symptom: code })));
      }
    const own = byCode.get(found.code);
    // Every piece of evidence stays (a check refused for two drifted settings shows both lines); checks count once.
    if (symptoms.length > 0) byCode.set(found.code, [preflightPlace, ...(own ?? []), ...symptoms]);
    else if (!own) byCode.set(found.code, [preflightPlace]);
  }
  return rankFindings(
    [...byCode].map(([code, places]) => {
      const checked = new Set(places.map((place) => place.checkId).filter((id) => id !== PREFLIGHT_PLACE)).size;
      return { code, ...describe(code), checks: checked || places.length, places };
    }),
  );
}

export function rankFindings<T extends Pick<Finding, 'severity' | 'checks' | 'code'>>(findings: readonly T[]): T[] {
  const weight = (severity: Severity) => (severity === 'error' ? 0 : 1);
  return [...findings].sort(
    (a, b) => weight(a.severity) - weight(b.severity) || b.checks - a.checks || a.code.localeCompare(b.code),
  );
}

/** Why checks were skipped: each reason once, with how many checks it skipped (most first). */
export function skipReasons(checks: readonly CheckSummary[]): { reason: string; checks: number }[] {
  const counts = new Map<string, number>();
  for (const check of checks)
    if (check.status === 'skipped') {
      const reason = check.note ?? 'skipped without a reason';
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
  return [...counts]
    .map(([reason, count]) => ({ reason, checks: count }))
    .sort((a, b) => b.checks - a.checks || a.reason.localeCompare(b.reason));
}
