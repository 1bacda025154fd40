import { isAbsolute, relative, sep } from 'node:path';
import type { Finding, PreflightFinding, SuiteNotRun } from './findings';
import type { VerdictKind } from '../diagnosis/verdict-kind';
import type { ShardPlanRecord } from './shard-plan';

/**
 * The run's verdict, what a CI job branches on (the exit code says the same): passed (0), failed — an auth finding
 * (1), config — the env or usage is wrong (2), infra — the target could not be tested (3).
 */
export type RunVerdict = 'passed' | 'failed' | 'config' | 'infra';

export const EXIT_CODES: Readonly<Record<RunVerdict, number>> = { passed: 0, failed: 1, config: 2, infra: 3 };

/** The shape of reports/summary.json: stable, for CI dashboards and the self-test. */
export interface RunSummary {
  readonly schema: 'authcanary/summary/v1';
  readonly env: string;
  readonly target: { readonly baseUrl: string; readonly authUrl: string };
  readonly secret: { readonly source: string; readonly fingerprint: string } | null;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly verdict: RunVerdict;
  /** Set when the run was stopped (SIGINT/SIGTERM) before it finished: the verdict covers only what ran. */
  readonly interrupted?: boolean;
  /** The signal that stopped it (SIGINT, SIGTERM). */
  readonly interruptedBy?: string;
  /** Set by `merge --allow-partial` when shards are missing: which ones (the verdict covers only those present). */
  readonly partial?: string;
  /** Baseline entries not seen in this run whose checks did not run: neither fixed nor still there. */
  readonly notExercised?: readonly { code: string; check?: string | undefined; reason: string }[];
  /** Checks by verdict kind: the failed ones, and the skipped ones that were inconclusive. */
  readonly kindCounts?: Readonly<Partial<Record<VerdictKind, number>>>;
  /** The verdict kind of every code in diagnosisCounts. */
  readonly diagnosisKinds?: Readonly<Record<string, VerdictKind>>;
  readonly totals: { passed: number; failed: number; skipped: number; flaky: number };
  /** Every diagnosis code seen, with how many checks carry it. */
  readonly diagnosisCounts: Readonly<Record<string, number>>;
  readonly checks: readonly CheckSummary[];
  /** Root causes of the failed checks, one per code with its places, ranked (errors first, then by checks). */
  readonly findings?: readonly Finding[];
  /** Baseline entries no finding of this run matched. */
  readonly fixed?: readonly { code: string; check?: string | undefined; reason: string }[];
  /** Why checks were skipped, each reason with how many checks it skipped. */
  readonly skipReasons?: readonly { reason: string; checks: number }[];
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
  /** Findings of the preflight (before any check), e.g. a deployed-config drift. */
  readonly preflight?: readonly PreflightFinding[];
  /** Which shard this summary comes from (`--shard 1/2`), when sharded. */
  readonly shard?: string;
  /** A shard's plan (`run --shard K/N`): its files with their estimates, and the whole plan's fingerprint. */
  readonly shardPlan?: ShardPlanRecord;
  /** A merged run: each shard's plan, with how long its checks took (comparable to the estimate) and its whole run. */
  readonly shardPlans?: readonly (ShardPlanRecord & { readonly checksMs: number; readonly durationMs: number })[];
}

export interface CheckSummary {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly project: string;
  readonly status: 'passed' | 'failed' | 'skipped' | 'flaky' | 'timedOut' | 'interrupted';
  readonly durationMs: number;
  readonly diagnoses: readonly { code: string; summary: string; kind?: VerdictKind }[];
  /** For a check that did not pass: what its failure means (auth finding, infra, inconclusive, config). */
  readonly kind?: VerdictKind;
  /** Why a check was skipped (e.g. inconclusive because its control failed). */
  readonly note?: string;
}

/**
 * The run's verdict from its failed checks: any auth finding → failed; else any config → config; else any infra or
 * inconclusive → infra (the target could not be tested); no failure → passed.
 */
export function runVerdict(failedKinds: readonly (VerdictKind | undefined)[]): RunVerdict {
  if (failedKinds.length === 0) return 'passed';
  if (failedKinds.some((kind) => kind === 'auth' || kind === undefined)) return 'failed';
  if (failedKinds.includes('config')) return 'config';
  return 'infra';
}

/**
 * A check's file as summary.json, the front page and JUnit show it. A built-in suite (inside the package's root) is
 * shown relative to the package; a team's own spec (USER_TESTS_DIR) relative to the team's repository (the
 * workspace), not as `../../../` climbing out of node_modules. A file outside both stays absolute. Always `/`-separated.
 */
export function checkFilePath(
  file: string,
  roots: { readonly packageRoot: string; readonly workspaceRoot: string },
): string {
  const inside = (root: string): string | undefined => {
    const path = relative(root, file);
    return path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path) ? path : undefined;
  };
  const shown = inside(roots.packageRoot) ?? inside(roots.workspaceRoot) ?? file;
  return shown.split(sep).join('/');
}
