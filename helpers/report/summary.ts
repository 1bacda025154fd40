import type { Finding, SuiteNotRun } from './findings';

/** The shape of reports/summary.json: stable, for CI dashboards and the self-test. */
export interface RunSummary {
  readonly schema: 'authcanary/summary/v1';
  readonly env: string;
  readonly target: { readonly baseUrl: string; readonly authUrl: string };
  readonly secret: { readonly source: string; readonly fingerprint: string } | null;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly verdict: 'passed' | 'failed';
  readonly totals: { passed: number; failed: number; skipped: number; flaky: number };
  /** Every diagnosis code seen, with how many checks carry it. */
  readonly diagnosisCounts: Readonly<Record<string, number>>;
  readonly checks: readonly CheckSummary[];
  /** Root causes of the failed checks, one per code with its places, ranked (errors first, then by checks). */
  readonly findings?: readonly Finding[];
  /** Baseline entries no finding of this run matched. */
  readonly fixed?: readonly { code: string; check?: string | undefined; reason: string }[];
  /** What fails the run: error findings only (default), or warnings too. */
  readonly failOn?: 'error' | 'warning';
  /** The baseline applied (path as given), or null. */
  readonly baseline?: string | null;
  /** Why the verdict is failed, one line each. */
  readonly verdictReasons?: readonly string[];
  /** Playwright's own outcome (passed, failed, timedout, interrupted). */
  readonly runnerStatus?: string;
  /** Suites the run left out because they could not run (e.g. no Chromium): each is a finding too. */
  readonly notRun?: readonly SuiteNotRun[];
  /** Which shard this summary comes from (`--shard 1/2`), when sharded. */
  readonly shard?: string;
}

export interface CheckSummary {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly project: string;
  readonly status: 'passed' | 'failed' | 'skipped' | 'flaky' | 'timedOut' | 'interrupted';
  readonly durationMs: number;
  readonly diagnoses: readonly { code: string; summary: string }[];
  /** Why a check was skipped (e.g. inconclusive because its control failed). */
  readonly note?: string;
}
