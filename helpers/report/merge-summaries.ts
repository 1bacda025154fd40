import type { Baseline } from './baseline';
import { groupFindings } from './findings';
import { judge, type FailOn } from './judge';
import type { RunSummary } from './summary';

/**
 * One summary from the summaries of a run's shards: checks concatenated, totals and code counts summed, root
 * causes regrouped over all shards and judged once more against the baseline (a finding acknowledged as known
 * and seen in no shard is "fixed" only here, where every shard is present).
 */
export function mergeSummaries(
  summaries: readonly RunSummary[],
  options: { baseline?: Baseline | undefined; baselineFile?: string | undefined; failOn: FailOn; nowMs: number },
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
  const runnerFailed = summaries.some(
    (summary) => (summary.runnerStatus ?? 'passed') !== 'passed' && summary.totals.failed === 0,
  );
  const judgement = judge({
    findings: groupFindings(checks, notRun),
    baseline: options.baseline,
    failOn: options.failOn,
    nowMs: options.nowMs,
    runnerFailed,
  });
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
    failOn: options.failOn,
    baseline: options.baselineFile ?? null,
    verdictReasons: judgement.reasons,
    runnerStatus: runnerFailed ? 'failed' : totals.failed > 0 ? 'failed' : 'passed',
    ...(notRun.length ? { notRun } : {}),
    shard: `merged ${summaries.map((summary) => summary.shard ?? '?').join(' + ')}`,
  };
}

/** JUnit files of the shards as one: every <testsuite> kept, the <testsuites> counts summed. */
export function mergeJunit(documents: readonly string[]): string {
  const sums = { tests: 0, failures: 0, skipped: 0, errors: 0, time: 0 };
  const suites: string[] = [];
  for (const xml of documents) {
    const open = /<testsuites\b([^>]*)>/.exec(xml);
    const close = xml.lastIndexOf('</testsuites>');
    if (!open || close === -1) continue;
    for (const key of Object.keys(sums) as (keyof typeof sums)[]) {
      const value = new RegExp(`\\b${key}="([\\d.]+)"`).exec(open[1] ?? '')?.[1];
      if (value !== undefined) sums[key] += Number(value);
    }
    suites.push(xml.slice(open.index + open[0].length, close).trim());
  }
  const attributes = `id="" name="authcanary (merged)" tests="${sums.tests}" failures="${sums.failures}" skipped="${sums.skipped}" errors="${sums.errors}" time="${sums.time.toFixed(3)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attributes}>\n${suites.join('\n')}\n</testsuites>\n`;
}
