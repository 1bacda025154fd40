import type { Baseline } from './baseline';
import { groupFindings, skipReasons } from './findings';
import { judge, type FailOn } from './judge';
import type { RunSummary } from './summary';

/**
 * One summary from the summaries of a run's shards: checks concatenated, totals and code counts summed, root
 * causes regrouped over all shards and judged once more against the baseline (a finding acknowledged as known
 * and seen in no shard is "fixed" only here, where every shard is present).
 */
export function mergeSummaries(
  summaries: readonly RunSummary[],
  options: {
    baseline?: Baseline | undefined;
    baselineFile?: string | undefined;
    failOn: FailOn;
    nowMs: number;
    /** Set when shards are missing and the merge was told to accept it (`--allow-partial`). */
    partial?: string | undefined;
  },
): RunSummary {
  const first = summaries[0];
  if (first === undefined) throw new Error('mergeSummaries needs at least one summary');
  const checks = summaries.flatMap((summary) => summary.checks);
  const totals = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
  const diagnosisCounts: Record<string, number> = {};
  for (const summary of summaries) {
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += summary.totals[key];
    for (const [code, count] of Object.entries(summary.diagnosisCounts))
      diagnosisCounts[code] = (diagnosisCounts[code] ?? 0) + count;
  }
  const notRun = summaries.flatMap((summary) => summary.notRun ?? []);
  // Every shard ran the same preflight: its findings once.
  const preflight = first.preflight ?? [];
  const runnerFailed = summaries.some(
    (summary) => (summary.runnerStatus ?? 'passed') !== 'passed' && summary.totals.failed === 0,
  );
  const judgement = judge({
    findings: groupFindings(checks, notRun, preflight),
    baseline: options.baseline,
    failOn: options.failOn,
    nowMs: options.nowMs,
    runnerFailed,
    ran: checks,
  });
  // Each time-planned shard's plan beside how long it took: estimate against measure, shard by shard.
  const shardPlans = summaries.flatMap((summary) =>
    summary.shardPlan
      ? [
          {
            ...summary.shardPlan,
            checksMs: summary.checks.reduce((sum, check) => sum + check.durationMs, 0),
            durationMs: summary.durationMs,
          },
        ]
      : [],
  );
  const started = summaries.map((summary) => Date.parse(summary.startedAt)).filter((ms) => !Number.isNaN(ms));
  return {
    schema: 'authcanary/summary/v1',
    env: first.env,
    target: first.target,
    secret: first.secret,
    startedAt: new Date(started.length ? Math.min(...started) : options.nowMs).toISOString(),
    // Shards run side by side: the run took as long as its slowest shard.
    durationMs: Math.max(...summaries.map((summary) => summary.durationMs)),
    verdict: judgement.verdict,
    totals,
    diagnosisCounts,
    checks,
    findings: judgement.findings,
    fixed: judgement.fixed,
    ...(judgement.notExercised.length ? { notExercised: judgement.notExercised } : {}),
    skipReasons: skipReasons(checks),
    ...(options.partial ? { partial: options.partial } : {}),
    verdictReasons: [
      ...judgement.reasons,
      ...(options.partial ? [`partial run: ${options.partial} (accepted with --allow-partial)`] : []),
    ],
    failOn: options.failOn,
    baseline: options.baselineFile ?? null,
    runnerStatus: runnerFailed ? 'failed' : totals.failed > 0 ? 'failed' : 'passed',
    ...(notRun.length ? { notRun } : {}),
    ...(preflight.length ? { preflight } : {}),
    shard: `merged ${summaries.map((summary) => summary.shard ?? '?').join(' + ')}`,
    ...(shardPlans.length ? { shardPlans } : {}),
  };
}

/** Checks that more than one shard ran (by Playwright's test id), one sentence each: a merge counts each once. */
export function repeatedChecks(
  shards: readonly { dir: string; checks: readonly { id: string; project: string; title: string }[] }[],
): string[] {
  const ranIn = new Map<string, { label: string; dirs: string[] }>();
  for (const { dir, checks } of shards)
    for (const check of checks) {
      const entry = ranIn.get(check.id) ?? { label: `[${check.project}] ${check.title}`, dirs: [] };
      entry.dirs.push(dir);
      ranIn.set(check.id, entry);
    }
  const repeated = [...ranIn.values()].filter((entry) => entry.dirs.length > 1);
  if (repeated.length === 0) return [];
  const first = repeated[0] as { label: string; dirs: string[] };
  return [
    `${repeated.length} check(s) ran in more than one shard (e.g. ${first.label} in ${first.dirs.join(' and ')})`,
  ];
}

/**
 * Which shards of `K/N` are missing or given twice. Every summary must come from a sharded run of the same N (or be
 * one whole run alone); returns the problems, one sentence each, naming the shard (and folder).
 */
export function shardProblems(
  shards: readonly { dir: string; shard: string | undefined; plan?: string | undefined }[],
): string[] {
  // One whole (unsharded) run: merge re-judges it (another baseline, --fail-on warning).
  if (shards.length === 1 && shards[0]?.shard === undefined) return [];
  const problems: string[] = [];
  const seen = new Map<number, string>();
  const totals = new Set<number>();
  for (const { dir, shard } of shards) {
    const match = /^(\d+)\/(\d+)$/.exec(shard ?? '');
    if (!match) {
      problems.push(`${dir} is not a shard (its summary has no "shard": run it with --shard K/N)`);
      continue;
    }
    const [index, total] = [Number(match[1]), Number(match[2])];
    totals.add(total);
    const earlier = seen.get(index);
    if (earlier !== undefined) problems.push(`shard ${index}/${total} is given twice (${earlier} and ${dir})`);
    else seen.set(index, dir);
  }
  // Each shard plans the whole run itself: shards that planned differently may have run a file twice or not at all.
  const plans = new Map<string, string[]>();
  for (const { dir, shard, plan } of shards)
    if (plan !== undefined) plans.set(plan, [...(plans.get(plan) ?? []), `${shard ?? '?'} (${dir})`]);
  const unplanned = shards.filter((entry) => entry.plan === undefined);
  if (plans.size > 0 && unplanned.length > 0)
    problems.push(
      `${unplanned.map((entry) => `${entry.shard ?? '?'} (${entry.dir})`).join(', ')} split by count, the others by time: files may have run twice or not at all`,
    );
  if (plans.size > 1)
    problems.push(
      `the shards were planned differently (${[...plans].map(([plan, names]) => `plan ${plan}: ${names.join(', ')}`).join('; ')}): files may have run twice or not at all`,
    );
  if (totals.size > 1)
    problems.push(
      `the shards come from runs split differently (${[...totals].map((total) => `/${total}`).join(', ')})`,
    );
  else
    for (const total of totals)
      for (let index = 1; index <= total; index++)
        if (!seen.has(index)) problems.push(`shard ${index}/${total} is missing`);
  return problems;
}
