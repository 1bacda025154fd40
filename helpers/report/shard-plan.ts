import { createHash } from 'node:crypto';

/**
 * Shards split by time: the run's test files (one entry per project and file: the same spec file may run in several
 * projects) are packed into N shards so that each shard's estimated time is about the same. Pure: the estimates come
 * in, the plan goes out, and the same input always gives the same plan (every shard of a run computes it on its own).
 */

/** One unit of scheduling: a spec file in one project. Playwright runs a file's tests in one worker, in order. */
export interface PlanFile {
  readonly project: string;
  /** The file as Playwright reports it, relative to the config's rootDir (e.g. `browser/cross-site.spec.ts`). */
  readonly file: string;
  /** Estimated milliseconds for the file's tests in this project. */
  readonly estimateMs: number;
  /** Where the estimate came from: a previous run, the committed weights, or the median of the known ones. */
  readonly source: EstimateSource;
}

export type EstimateSource = 'previous-run' | 'weights' | 'median';

export interface ShardGroup {
  readonly files: readonly PlanFile[];
  readonly estimateMs: number;
}

/** `project file`: the key of a file in a plan and in a durations table. */
export const planKey = (entry: { project: string; file: string }): string => `${entry.project} ${entry.file}`;

/**
 * Longest-processing-time-first greedy packing: files by estimate (longest first; ties by file path, then project),
 * each into the shard with the least estimated time so far (ties: the one with fewer files, then the lower index).
 * Every file lands in exactly one shard; a shard is empty only when there are fewer files than shards.
 */
export function planShards(files: readonly PlanFile[], total: number): ShardGroup[] {
  if (!Number.isInteger(total) || total < 1)
    throw new RangeError(`shard count must be a whole number ≥ 1, got ${total}`);
  const seen = new Set<string>();
  for (const entry of files) {
    if (!(entry.estimateMs >= 0))
      throw new RangeError(`${planKey(entry)}: estimate must be ≥ 0, got ${entry.estimateMs}`);
    if (seen.has(planKey(entry))) throw new RangeError(`${planKey(entry)} is listed twice`);
    seen.add(planKey(entry));
  }
  const ordered = [...files].sort(
    (a, b) => b.estimateMs - a.estimateMs || compare(a.file, b.file) || compare(a.project, b.project),
  );
  const groups = Array.from({ length: total }, () => ({ files: [] as PlanFile[], estimateMs: 0 }));
  for (const entry of ordered) {
    let target = groups[0] as (typeof groups)[number];
    for (const group of groups.slice(1))
      if (
        group.estimateMs < target.estimateMs ||
        (group.estimateMs === target.estimateMs && group.files.length < target.files.length)
      )
        target = group;
    target.files.push(entry);
    target.estimateMs += entry.estimateMs;
  }
  // Within a shard, files in a stable reading order (project, then path): the order Playwright lists them in anyway.
  return groups.map((group) => ({
    files: [...group.files].sort((a, b) => compare(a.project, b.project) || compare(a.file, b.file)),
    estimateMs: group.estimateMs,
  }));
}

/** A run's file before it has an estimate: a spec file in one project. */
export interface FileToEstimate {
  readonly project: string;
  readonly file: string;
}

/**
 * Each file's estimate from the first source that knows it: the previous run's measured durations, then the
 * committed weights; a file neither knows (a team's own specs) gets the median of the known estimates (1 s when
 * nothing is known). Durations are keyed by `planKey`.
 */
export function estimateFiles(
  files: readonly FileToEstimate[],
  sources: {
    readonly previousRun?: Readonly<Record<string, number>> | undefined;
    readonly weights?: Readonly<Record<string, number>> | undefined;
  },
): PlanFile[] {
  const known = files.map((entry): PlanFile | FileToEstimate => {
    const key = planKey(entry);
    const previous = sources.previousRun?.[key];
    if (previous !== undefined) return { ...entry, estimateMs: previous, source: 'previous-run' };
    const weight = sources.weights?.[key];
    if (weight !== undefined) return { ...entry, estimateMs: weight, source: 'weights' };
    return entry;
  });
  const estimates = known.filter((entry): entry is PlanFile => 'estimateMs' in entry).map((entry) => entry.estimateMs);
  const fallback = estimates.length > 0 ? median(estimates) : UNKNOWN_RUN_ESTIMATE_MS;
  return known.map((entry) => ('estimateMs' in entry ? entry : { ...entry, estimateMs: fallback, source: 'median' }));
}

/** A file's estimate when no file of the run has any: every file then weighs the same (the plan splits by count). */
export const UNKNOWN_RUN_ESTIMATE_MS = 1_000;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : Math.round(((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
}

/** Per (project, file): the sum of its checks' durations, from a summary's checks. */
export function durationsByFile(
  checks: readonly { project: string; file: string; durationMs: number }[],
): Record<string, number> {
  const durations: Record<string, number> = {};
  for (const check of checks) {
    if (!check.file) continue;
    const key = planKey(check);
    durations[key] = (durations[key] ?? 0) + check.durationMs;
  }
  return durations;
}

/** Code-point order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a shard's summary.json records about its plan (`shardPlan`), so merge and the front page can show it. */
export interface ShardPlanRecord {
  /** This shard, `K/N`. */
  readonly shard: string;
  /** Where the estimates came from, as printed (e.g. `cli/shard-weights.json`). */
  readonly source: string;
  /** This shard's estimated milliseconds. */
  readonly estimateMs: number;
  /** This shard's files, each in its project, with its estimate and the estimate's source. */
  readonly files: readonly PlanFile[];
  /** Every shard of the plan: its estimate and how many files it has (this shard's included). */
  readonly shards: readonly { readonly estimateMs: number; readonly files: number }[];
  /**
   * The plan's assignment (which file in which shard), hashed: every shard of one run computes its own plan, and the
   * shards agree only if this is the same in all of them.
   */
  readonly fingerprint: string;
}

/** The record of shard `index` (1-based) of a plan. */
export function shardPlanRecord(groups: readonly ShardGroup[], index: number, source: string): ShardPlanRecord {
  const group = groups[index - 1];
  if (group === undefined) throw new RangeError(`shard ${index} is not in a plan of ${groups.length}`);
  return {
    shard: `${index}/${groups.length}`,
    source,
    estimateMs: group.estimateMs,
    files: group.files,
    shards: groups.map((entry) => ({ estimateMs: entry.estimateMs, files: entry.files.length })),
    fingerprint: planFingerprint(groups),
  };
}

/** A short hash of which file is in which shard (estimates left out: two sources may agree on the assignment). */
export function planFingerprint(groups: readonly ShardGroup[]): string {
  return createHash('sha256')
    .update(JSON.stringify(groups.map((group) => group.files.map(planKey))))
    .digest('hex')
    .slice(0, 16);
}
