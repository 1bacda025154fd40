import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { kindOf, kindOfCodes } from '../helpers/diagnosis/failure-codes';
import type { VerdictKind } from '../helpers/diagnosis/verdict-kind';
import {
  checkFilePath,
  runVerdict,
  type CheckSummary,
  type RunSummary,
  type RunVerdict,
} from '../helpers/report/summary';
import { Scrubber } from '../helpers/redact/scrubber';
import { systemClock } from '../helpers/clock/clock';
import { readBaseline } from '../helpers/report/baseline';
import {
  groupFindings,
  PREFLIGHT_FILE,
  skipReasons,
  type PreflightFinding,
  type SuiteNotRun,
} from '../helpers/report/findings';
import { judge, type FailOn, type Judgement } from '../helpers/report/judge';
import { writeJunit } from '../helpers/report/junit';
import { PROJECT_ROOT, WORKSPACE_ROOT } from '../helpers/env/paths';

export interface SummaryReporterOptions {
  outputFile: string;
  /** Where junit.xml goes (default: beside summary.json), written from the summary. */
  junitFile?: string | undefined;
  env: string;
  target: RunSummary['target'];
  secret: RunSummary['secret'];
  /** The reviewed baseline file (already validated by `authcanary run`), if any. */
  baselineFile?: string | undefined;
  failOn?: FailOn | undefined;
  /** Suites `authcanary run` left out because they could not run. */
  notRun?: readonly SuiteNotRun[] | undefined;
}

/**
 * Writes reports/summary.json from the diagnosis annotations the fixtures record. Written to a temporary file
 * and renamed, so a reader never sees half a summary. Text is scrubbed of anything JWT-shaped.
 */
export default class SummaryReporter implements Reporter {
  readonly #options: SummaryReporterOptions;
  readonly #scrubber = new Scrubber();
  #suite: Suite | undefined;
  readonly #started = new Date();

  constructor(options: SummaryReporterOptions) {
    this.#options = options;
  }

  #shard: string | undefined;

  onBegin(config: FullConfig, suite: Suite): void {
    this.#suite = suite;
    if (config.shard) this.#shard = `${config.shard.current}/${config.shard.total}`;
  }

  onEnd(result: FullResult): void {
    const interrupted = result.status === 'interrupted';
    const checks: CheckSummary[] = (this.#suite?.allTests() ?? []).map((test) => this.#check(test, interrupted));
    const totals = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
    const diagnosisCounts: Record<string, number> = {};
    const diagnosisKinds: Record<string, VerdictKind> = {};
    const kindCounts: Partial<Record<VerdictKind, number>> = {};
    for (const check of checks) {
      // Every check with a kind is counted (the failed ones, and skipped ones that were inconclusive).
      if (check.kind) kindCounts[check.kind] = (kindCounts[check.kind] ?? 0) + 1;
      for (const entry of check.diagnoses) if (entry.kind) diagnosisKinds[entry.code] = entry.kind;
      if (check.status === 'passed') totals.passed++;
      // A check cut short by the interruption neither passed nor failed.
      else if (check.status === 'skipped' || check.status === 'interrupted') totals.skipped++;
      else if (check.status === 'flaky') totals.flaky++;
      else totals.failed++;
      for (const code of new Set(check.diagnoses.map((entry) => entry.code)))
        diagnosisCounts[code] = (diagnosisCounts[code] ?? 0) + 1;
    }
    const failOn = this.#options.failOn ?? 'error';
    const preflight = readPreflight(join(dirname(this.#options.outputFile), PREFLIGHT_FILE));
    const judgement = judge({
      findings: groupFindings(checks, this.#options.notRun ?? [], preflight),
      baseline: this.#options.baselineFile ? readBaseline(this.#options.baselineFile) : undefined,
      failOn,
      nowMs: systemClock.now(),
      runnerFailed: result.status !== 'passed' && !interrupted && totals.failed === 0,
      ran: checks,
    });
    const summary: RunSummary = {
      schema: 'authcanary/summary/v1',
      env: this.#options.env,
      target: this.#options.target,
      secret: this.#options.secret,
      startedAt: this.#started.toISOString(),
      durationMs: Math.round(result.duration),
      // The judgement says whether the run fails (severity, baseline); the kinds of what fails it say how.
      verdict: this.#verdict(judgement, failOn),
      ...(result.status === 'interrupted' ? { interrupted: true } : {}),
      totals,
      diagnosisCounts,
      kindCounts,
      diagnosisKinds,
      checks,
      findings: judgement.findings,
      fixed: judgement.fixed,
      ...(judgement.notExercised.length ? { notExercised: judgement.notExercised } : {}),
      skipReasons: skipReasons(checks),
      failOn,
      baseline: this.#options.baselineFile ?? null,
      verdictReasons: judgement.reasons,
      runnerStatus: result.status,
      ...(this.#shard ? { shard: this.#shard } : {}),
      ...(this.#options.notRun?.length ? { notRun: this.#options.notRun } : {}),
      ...(preflight.length ? { preflight } : {}),
    };
    mkdirSync(dirname(this.#options.outputFile), { recursive: true });
    const temporary = `${this.#options.outputFile}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(summary, null, 2)}\n`);
    renameSync(temporary, this.#options.outputFile);
    writeJunit(this.#options.junitFile ?? join(dirname(this.#options.outputFile), 'junit.xml'), summary);
  }

  /**
   * passed when the judgement passes; otherwise by the kinds of the findings that fail the run: any auth finding →
   * failed (exit 1), else config (2), else infra (3). A runner failure with no failed check stays failed.
   */
  #verdict(judgement: Judgement, failOn: FailOn): RunVerdict {
    if (judgement.verdict === 'passed') return 'passed';
    const failing = judgement.findings
      .filter(
        (finding) =>
          finding.status === 'expired' ||
          (finding.status !== 'known' && (finding.severity === 'error' || failOn === 'warning')),
      )
      .map((finding) => kindOf(finding.code));
    return failing.length === 0 ? 'failed' : runVerdict(failing);
  }

  printsToStdio(): boolean {
    return false;
  }

  #check(test: TestCase, interrupted: boolean): CheckSummary {
    const last: TestResult | undefined = test.results.at(-1);
    const outcome = test.outcome();
    const status: CheckSummary['status'] =
      outcome === 'flaky'
        ? 'flaky'
        : outcome === 'skipped'
          ? 'skipped'
          : outcome === 'expected'
            ? 'passed'
            : last?.status === 'timedOut'
              ? 'timedOut'
              : last?.status === 'interrupted'
                ? 'interrupted'
                : 'failed';
    const annotations = [...test.annotations, ...(last?.annotations ?? [])];
    const seen = new Set<string>();
    const diagnoses = annotations
      .filter((annotation) => annotation.type === 'diagnosis' && annotation.description)
      .map((annotation) => {
        const text = this.#scrubber.scrub(annotation.description ?? '');
        const colon = text.indexOf(':');
        const code = text.slice(0, colon);
        const kind = kindOf(code);
        return { code, summary: text.slice(colon + 1).trim(), ...(kind ? { kind } : {}) };
      })
      .filter((entry) =>
        seen.has(`${entry.code}${entry.summary}`) ? false : (seen.add(`${entry.code}${entry.summary}`), true),
      );
    const note =
      annotations.find((annotation) => annotation.type === 'skip' || annotation.type === 'inconclusive')?.description ??
      (interrupted && test.results.length === 0
        ? 'not run: the run was interrupted'
        : status === 'interrupted'
          ? 'cut short: the run was interrupted while it ran'
          : undefined);
    const failed = status === 'failed' || status === 'timedOut' || status === 'interrupted';
    const declared = annotations.findLast((annotation) => annotation.type === 'verdict')?.description;
    const kind: VerdictKind | undefined = failed
      ? ((['auth', 'infra', 'inconclusive', 'config'] as const).find((value) => value === declared) ??
        (status === 'interrupted' && diagnoses.length === 0
          ? 'inconclusive'
          : kindOfCodes(diagnoses.map((entry) => entry.code))))
      : status === 'skipped' && /inconclusive/i.test(note ?? '')
        ? 'inconclusive'
        : undefined;
    return {
      id: test.id,
      title: test.titlePath().slice(3).join(' › ') || test.title,
      file: checkFilePath(test.location.file, { packageRoot: PROJECT_ROOT, workspaceRoot: WORKSPACE_ROOT }),
      project: test.parent.project()?.name ?? '',
      status,
      durationMs: Math.round(test.results.reduce((total, item) => total + item.duration, 0)),
      diagnoses,
      ...(kind ? { kind } : {}),
      ...(note ? { note: this.#scrubber.scrub(note) } : {}),
    };
  }
}

/** The findings `authcanary run` made before the checks (written beside summary.json), already scrubbed; none if absent. */
function readPreflight(file: string): PreflightFinding[] {
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  return Array.isArray(parsed)
    ? parsed.filter(
        (entry): entry is PreflightFinding =>
          typeof entry === 'object' &&
          entry !== null &&
          typeof (entry as PreflightFinding).code === 'string' &&
          typeof (entry as PreflightFinding).summary === 'string',
      )
    : [];
}
