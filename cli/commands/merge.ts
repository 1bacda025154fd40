import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '../../helpers/clock/clock';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { readBaseline } from '../../helpers/report/baseline';
import { mergeSummaries, repeatedChecks, shardProblems } from '../../helpers/report/merge-summaries';
import { writeJunit } from '../../helpers/report/junit';
import { EXIT_CODES } from '../../helpers/report/summary';
import { allureHistoryName } from '../../helpers/report/history';
import type { RunSummary } from '../../helpers/report/summary';
import { flag, type ParsedArgs } from '../args';
import { generateAllure } from '../allure';
import { baselinePath } from '../baseline-path';
import { finishReports } from '../finish-reports';
import { verdictLine } from './run';
import { removeStaleResults } from '../run-summary-file';
import { writeShardDurations } from '../shard-files';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** One line per time-planned shard: files, the estimate, what its checks took, and its whole run. */
export function planLines(summary: RunSummary): string[] {
  return (summary.shardPlans ?? []).map(
    (plan) =>
      `  shard ${plan.shard}: ${plan.files.length} files, estimated ${seconds(plan.estimateMs)} s, checks took ${seconds(plan.checksMs)} s, run ${seconds(plan.durationMs)} s (plan from ${plan.source})`,
  );
}

export const MERGE_HELP = `authcanary merge <shard-dir>… --out DIR [--baseline FILE] [--fail-on error|warning] [--history DIR] [--no-allure]
               [--allow-partial]
  Combines the reports folders of a sharded run (authcanary run --shard K/N --reports DIR): summary.json (root
  causes regrouped and judged against the baseline once more), junit.xml, allure-results/ (regenerated into
  DIR/allure; allure-playwright cannot go through playwright merge-reports), history.json and index.html.
  Every shard 1..N must be there exactly once: a missing or repeated shard is exit 2, naming it, unless
  --allow-partial is given (the summary, JUnit and front page then say which shards are missing).
  Exit: 0 passed, 1 a finding fails the run, 2 usage error (or a shard missing), 3 infrastructure.`;

export async function mergeCommand(args: ParsedArgs): Promise<number> {
  const out = flag(args, 'out');
  if (!out) throw new UsageError('merge needs --out DIR', 'authcanary merge reports-1 reports-2 --out reports');
  if (args.positionals.length === 0)
    throw new UsageError('merge needs at least one shard folder', 'authcanary merge reports-1 reports-2 --out reports');
  const dirs = args.positionals.map((dir) => resolve(process.cwd(), dir));
  const summaries: RunSummary[] = [];
  for (const dir of dirs) {
    const file = join(dir, 'summary.json');
    if (!existsSync(file)) throw new UsageError(`no summary.json in ${dir}`, 'pass the --reports folder of each shard');
    summaries.push(JSON.parse(readFileSync(file, 'utf8')) as RunSummary);
  }
  const problems = [
    ...shardProblems(
      dirs.map((dir, index) => ({
        dir,
        shard: summaries[index]?.shard,
        plan: summaries[index]?.shardPlan?.fingerprint,
      })),
    ),
    ...repeatedChecks(dirs.map((dir, index) => ({ dir, checks: summaries[index]?.checks ?? [] }))),
  ];
  const allowPartial = args.flags.has('allow-partial');
  const missingOnly = problems.every((problem) => / is missing$/.test(problem));
  if (problems.length > 0 && !(allowPartial && missingOnly))
    throw new UsageError(
      `cannot merge: ${problems.join('; ')}`,
      missingOnly
        ? 'pass the --reports folder of every shard, or --allow-partial to merge what is there (the page says so)'
        : problems.some((problem) => / by count|planned differently|more than one shard/.test(problem))
          ? 'run every shard of one run with this authcanary and the same estimates: the committed weights, or one --history folder'
          : 'pass each shard of one run once',
    );
  const partial = problems.length > 0 ? problems.join('; ') : undefined;
  const envs = new Set(summaries.map((summary) => summary.env));
  if (envs.size > 1)
    throw new UsageError(`shards of different envs (${[...envs].join(', ')})`, 'merge the shards of one run only');
  const failOn = flag(args, 'fail-on') ?? summaries[0]?.failOn ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning')
    throw new UsageError(`--fail-on ${failOn}: expected error or warning`, 'write --fail-on warning');
  const baselineFile = baselinePath(args);
  const baseline = baselineFile ? readBaseline(baselineFile) : undefined;

  const outDir = resolve(process.cwd(), out);
  if (dirs.includes(outDir))
    throw new UsageError(`--out ${out} is one of the shard folders`, 'merge into a folder of its own');
  // What an earlier merge left there must not be linked from this merge's front page.
  removeStaleResults(outDir);
  mkdirSync(outDir, { recursive: true });
  const merged = mergeSummaries(summaries, { baseline, baselineFile, failOn, nowMs: systemClock.now(), partial });
  const temporary = join(outDir, `summary.json.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(temporary, join(outDir, 'summary.json'));

  writeJunit(join(outDir, 'junit.xml'), merged);

  // allure-results file names are unique per result (uuids); environment.properties and categories.json are the
  // same in every shard, so the last copy is as good as any.
  const results = join(outDir, 'allure-results');
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  let copied = 0;
  for (const dir of dirs) {
    const source = join(dir, 'allure-results');
    if (!existsSync(source)) continue;
    for (const name of readdirSync(source)) {
      copyFileSync(join(source, name), join(results, name));
      copied++;
    }
  }
  const historyDir = resolve(process.cwd(), flag(args, 'history') ?? join(out, 'history'));
  if (copied > 0 && !args.flags.has('no-allure')) {
    rmSync(join(outDir, 'allure'), { recursive: true, force: true });
    const code = await generateAllure({
      resultsDirs: [results],
      outputDir: join(outDir, 'allure'),
      name: `authcanary ${merged.env}`,
      historyFile: join(historyDir, allureHistoryName(merged.env)),
    });
    if (code !== 0) {
      rmSync(join(outDir, 'allure'), { recursive: true, force: true });
      console.log(`authcanary: allure report generation failed (results kept in ${results})`);
    }
  }
  finishReports(outDir, merged, historyDir);
  // The next sharded run given --history plans from these durations.
  writeShardDurations(historyDir, merged);
  console.log(`authcanary: merged ${dirs.length} shard(s) into ${outDir}`);
  for (const line of planLines(merged)) console.log(line);
  console.log(verdictLine(merged));
  if (partial) console.log(`authcanary: PARTIAL run: ${partial}`);
  return EXIT_CODES[merged.verdict] ?? 1;
}
