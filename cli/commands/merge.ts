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
import { mergeJunit, mergeSummaries } from '../../helpers/report/merge-summaries';
import type { RunSummary } from '../../helpers/report/summary';
import { flag, type ParsedArgs } from '../args';
import { generateAllure } from '../allure';
import { baselinePath } from '../baseline-path';
import { finishReports } from '../finish-reports';
import { verdictLine } from './run';

export const MERGE_HELP = `authcanary merge <shard-dir>… --out DIR [--baseline FILE] [--fail-on error|warning] [--history DIR] [--no-allure]
  Combines the reports folders of a sharded run (authcanary run --shard K/N --reports DIR): summary.json (root
  causes regrouped and judged against the baseline once more), junit.xml, allure-results/ (regenerated into
  DIR/allure; allure-playwright cannot go through playwright merge-reports), history.json and index.html.
  Exit: 0 passed, 1 a finding fails the run, 2 usage error.`;

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
  const envs = new Set(summaries.map((summary) => summary.env));
  if (envs.size > 1)
    throw new UsageError(`shards of different envs (${[...envs].join(', ')})`, 'merge the shards of one run only');
  const failOn = flag(args, 'fail-on') ?? summaries[0]?.failOn ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning')
    throw new UsageError(`--fail-on ${failOn}: expected error or warning`, 'write --fail-on warning');
  const baselineFile = baselinePath(args);
  const baseline = baselineFile ? readBaseline(baselineFile) : undefined;

  const outDir = resolve(process.cwd(), out);
  mkdirSync(outDir, { recursive: true });
  const merged = mergeSummaries(summaries, { baseline, baselineFile, failOn, nowMs: systemClock.now() });
  const temporary = join(outDir, `summary.json.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(temporary, join(outDir, 'summary.json'));

  const junit = dirs.map((dir) => join(dir, 'junit.xml')).filter((file) => existsSync(file));
  if (junit.length > 0)
    writeFileSync(join(outDir, 'junit.xml'), mergeJunit(junit.map((file) => readFileSync(file, 'utf8'))));

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
      historyFile: join(historyDir, 'allure-history.jsonl'),
    });
    if (code !== 0) console.log(`authcanary: allure report generation failed (results kept in ${results})`);
  }
  finishReports(outDir, merged, historyDir);
  console.log(`authcanary: merged ${dirs.length} shard(s) into ${outDir}`);
  console.log(verdictLine(merged));
  return merged.verdict === 'passed' ? 0 : 1;
}
