import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PROJECT_ROOT, WORKSPACE_ROOT } from '../helpers/env/paths';
import { ConfigError, UsageError } from '../helpers/errors/authcanary-error';
import {
  durationsByFile,
  estimateFiles,
  planShards,
  shardPlanRecord,
  type FileToEstimate,
  type ShardPlanRecord,
} from '../helpers/report/shard-plan';
import type { RunSummary } from '../helpers/report/summary';
import { SUITE_PROJECTS } from '../helpers/report/suite-projects';
import { readSummary, writeSummary } from './run-summary-file';

/** The committed estimates, measured on a default run (`npm run shard-weights <summary.json>` rewrites them). */
export const SHARD_WEIGHTS_FILE = join(PROJECT_ROOT, 'cli', 'shard-weights.json');

/** Written by `authcanary merge` into the history folder: the merged run's durations per project and file. */
export const SHARD_DURATIONS_NAME = 'shard-durations.json';

/** The test list handed to Playwright (`--test-list`), written in the run's temporary folder. */
const TEST_LIST_NAME = 'shard-test-list.txt';

export interface ShardSpec {
  readonly index: number;
  readonly total: number;
}

/** `K/N` with 1 ≤ K ≤ N; anything else is a usage error (exit 2). */
export function parseShard(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const [index, total] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || total < 1 || index < 1 || index > total)
    throw new UsageError(`--shard ${text}: expected K/N with 1 ≤ K ≤ N, e.g. 1/2`, 'write --shard 1/2');
  return { index, total };
}

/** Measured durations per `project file`, and where they were read (as printed). */
export interface MeasuredDurations {
  readonly durations: Readonly<Record<string, number>>;
  readonly source: string;
}

/**
 * A previous complete run's durations: the history folder's (written by merge), else the reports folder's
 * summary.json when it covers a whole run (not one shard, not interrupted, not a partial merge). Read before the
 * run clears its reports folder. Undefined when there is none.
 */
export function previousDurations(reports: string, historyDir: string): MeasuredDurations | undefined {
  const fromHistory = join(historyDir, SHARD_DURATIONS_NAME);
  if (existsSync(fromHistory)) {
    try {
      const parsed = JSON.parse(readFileSync(fromHistory, 'utf8')) as { durations?: unknown };
      const durations = numbers(parsed.durations);
      if (durations) return { durations, source: shown(fromHistory) };
    } catch {
      // A broken file is the harness's own output: it is ignored, the next source is used.
    }
  }
  const summaryFile = join(reports, 'summary.json');
  const summary = readSummary(summaryFile);
  if (summary && isWholeRun(summary) && summary.checks.length > 0)
    return {
      durations: durationsByFile(planChecks(summary.checks)),
      source: `${shown(summaryFile)} of ${summary.startedAt}`,
    };
  return undefined;
}

/** A summary whose durations cover every file of its run: unsharded, or a merge of every shard; not interrupted. */
export function isWholeRun(summary: RunSummary): boolean {
  if (summary.interrupted || summary.partial) return false;
  return summary.shard === undefined || summary.shard.startsWith('merged');
}

/** The merged run's durations, kept in the history folder for the next sharded run (`--history DIR`). */
export function writeShardDurations(historyDir: string, summary: RunSummary): void {
  if (!isWholeRun(summary)) return;
  mkdirSync(historyDir, { recursive: true });
  writeFileSync(
    join(historyDir, SHARD_DURATIONS_NAME),
    `${JSON.stringify({ startedAt: summary.startedAt, durations: durationsByFile(planChecks(summary.checks)) }, null, 2)}\n`,
  );
}

/** The committed weights; a malformed file is a configuration error naming it (exit 2). */
export function readShardWeights(file = SHARD_WEIGHTS_FILE): Record<string, number> | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: { files?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { files?: unknown };
  } catch (error) {
    throw weightsError(file, `not JSON (${(error as Error).message})`);
  }
  const files = numbers(parsed.files);
  if (!files) throw weightsError(file, '"files" must map "<project> <file>" to milliseconds ≥ 0');
  return files;
}

function weightsError(file: string, message: string): ConfigError {
  return new ConfigError(
    `${file}: ${message}`,
    [{ file, key: 'files', message }],
    'regenerate it: npm run shard-weights <summary.json of a default run>',
  );
}

function numbers(value: unknown): Record<string, number> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every((entry) => typeof entry[1] === 'number' && entry[1] >= 0)
    ? (Object.fromEntries(entries) as Record<string, number>)
    : undefined;
}

const shown = (file: string) => relative(process.cwd(), file) || file;

/**
 * A summary shows a check's file from the package (built-in suites) or the team's repository (its own specs); a plan
 * and Playwright's test list name it from the config's rootDir (`tests/`). A path that names no existing file under
 * either root (a summary written by an older version, already rootDir-relative) is kept as it is.
 */
export function planFileOf(shownFile: string): string {
  const absolute = isAbsolute(shownFile)
    ? shownFile
    : [PROJECT_ROOT, WORKSPACE_ROOT].map((root) => resolve(root, shownFile)).find((candidate) => existsSync(candidate));
  return absolute === undefined ? shownFile : relative(join(PROJECT_ROOT, 'tests'), absolute).split(sep).join('/');
}

/** A summary's checks with their files as a plan names them. */
export function planChecks<T extends { file: string }>(checks: readonly T[]): T[] {
  return checks.map((check) => ({ ...check, file: check.file ? planFileOf(check.file) : check.file }));
}

/** The product's projects and their folders: the list playwright.config.ts builds its projects from. */
export const PROJECT_DIRS: Readonly<Record<string, string>> = Object.fromEntries(
  SUITE_PROJECTS.map((suite) => [suite.name, suite.testDir]),
);

/** Playwright's default testMatch (`*.spec.ts`, `*.test.mjs`, …), which the config's projects keep. */
const TEST_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;

/**
 * The run's files, one per project and file, read from the projects' folders: milliseconds, where asking Playwright
 * (`--list`) would load and compile every spec first (5–15 s on a loaded 2-core machine). `projects` are the run's
 * (its --project selection); `user` is the team's USER_TESTS_DIR. Paths are relative to the config's rootDir
 * (`tests/`), as Playwright reports them. Passed-through file filters and --grep are not applied here: Playwright
 * still applies them to the shard's list, so every selected test runs once; the plan only weighs whole files.
 */
export function runFiles(projects: readonly string[], userTestsDir: string | undefined): FileToEstimate[] {
  const rootDir = join(PROJECT_ROOT, 'tests');
  const files: FileToEstimate[] = [];
  for (const project of new Set(projects)) {
    const known = PROJECT_DIRS[project];
    const dir =
      project === 'user' && userTestsDir ? resolve(WORKSPACE_ROOT, userTestsDir) : known && join(PROJECT_ROOT, known);
    if (!dir || !existsSync(dir)) continue;
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!TEST_FILE.test(name) || name.split(sep).includes('node_modules')) continue;
      files.push({ project, file: relative(rootDir, join(dir, name)).split(sep).join('/') });
    }
  }
  return files;
}

/** This shard's plan and the Playwright arguments that run exactly its files, each in its own project. */
export interface PlannedShard {
  readonly record: ShardPlanRecord;
  readonly playwrightArgs: readonly string[];
  /** `shard K/N: F files, estimated S s (plan from …)`. */
  readonly line: string;
}

/**
 * Plans the run over `spec.total` shards and writes this shard's files as a Playwright test list: one line
 * `[project] › file` per file, so a file that two projects run is run only in the project the plan put here. The
 * list is the only selection needed; Playwright still applies the passed-through filters (--grep, file names) to it.
 */
export function planShard(
  spec: ShardSpec,
  files: readonly FileToEstimate[],
  sources: { measured: MeasuredDurations | undefined; weights: Record<string, number> | undefined },
  tmp: string,
): PlannedShard {
  const estimated = estimateFiles(files, { previousRun: sources.measured?.durations, weights: sources.weights });
  const used = new Set(estimated.map((entry) => entry.source));
  const source =
    [
      ...(used.has('previous-run') && sources.measured ? [sources.measured.source] : []),
      ...(used.has('weights') ? [shown(SHARD_WEIGHTS_FILE)] : []),
      ...(used.has('median')
        ? [
            used.size === 1
              ? 'no durations known: every file counts the same'
              : `the median for ${estimated.filter((entry) => entry.source === 'median').length} unknown file(s)`,
          ]
        : []),
    ].join(', ') || 'no files';
  const record = shardPlanRecord(planShards(estimated, spec.total), spec.index, source);
  const list = join(tmp, TEST_LIST_NAME);
  writeFileSync(list, record.files.map((entry) => `[${entry.project}] › ${entry.file}\n`).join(''));
  const seconds = (record.estimateMs / 1000).toFixed(1);
  return {
    record,
    playwrightArgs: ['--test-list', list],
    line: `shard ${record.shard}: ${record.files.length} files, estimated ${seconds} s (plan from ${source})`,
  };
}

/** Adds the plan to the summary Playwright's reporter wrote (the shard, which merge relies on, and its files). */
export function recordShardPlan(summaryFile: string, record: ShardPlanRecord): void {
  const summary = readSummary(summaryFile);
  if (summary) writeSummary(summaryFile, { ...summary, shard: record.shard, shardPlan: record });
}

/** The weights file's content from a whole run's summary: milliseconds per `project file`, keys sorted. */
export function shardWeightsFrom(summary: RunSummary): {
  schema: 'authcanary/shard-weights/v1';
  measured: { startedAt: string; env: string; checks: number; durationMs: number };
  files: Record<string, number>;
} {
  const durations = durationsByFile(planChecks(summary.checks));
  return {
    schema: 'authcanary/shard-weights/v1',
    measured: {
      startedAt: summary.startedAt,
      env: summary.env,
      checks: summary.checks.length,
      durationMs: summary.durationMs,
    },
    files: Object.fromEntries(
      Object.keys(durations)
        .sort()
        .map((key) => [key, durations[key] as number]),
    ),
  };
}
