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
