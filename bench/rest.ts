import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT, REPORTS_DIR } from '../helpers/env/paths';
import type { RunSummary } from '../helpers/report/summary';
import { median, ms } from './stats';

/**
 * `npx tsx bench/rest.ts [runs]`: wall time of `authcanary run` (REST suite, and the full default run of every
 * suite) against the embedded reference target, the reference target's start-up, and each check; medians of N runs.
 */
const runs = Number(process.argv[2] ?? 5);
const cli = join(PROJECT_ROOT, 'bin', 'authcanary.js');

function timeRun(args: string[]): { wallMs: number; summary: RunSummary } {
  const reports = join(REPORTS_DIR, 'bench');
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, 'run', '--reports', reports, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`authcanary run exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return { wallMs, summary: JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as RunSummary };
}

function timeServerStart(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'reference/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, APP_ENV: 'bench', JWT_SECRET_BENCH: 'bench-only-key-0123456789abcdef0123456789' },
    });
    child.stdout.once('data', () => {
      resolve(performance.now() - started);
      child.kill('SIGTERM');
    });
    child.once('error', reject);
  });
}

const starts: number[] = [];
for (let i = 0; i < runs; i++) starts.push(await timeServerStart());
console.log(`reference target start (node + tsx, to READY): median ${ms(median(starts))} over ${runs}`);

const restWall: number[] = [];
const perCheck = new Map<string, number[]>();
for (let i = 0; i < runs; i++) {
  const { wallMs, summary } = timeRun(['--no-allure', '--', '--project', 'rest']);
  restWall.push(wallMs);
  for (const check of summary.checks)
    perCheck.set(check.title, [...(perCheck.get(check.title) ?? []), check.durationMs]);
}
console.log(
  `REST suite, authcanary run --no-allure -- --project rest (wall, incl. target start): median ${ms(median(restWall))} over ${runs}`,
);
for (const [title, durations] of perCheck) console.log(`  ${ms(median(durations)).padStart(7)}  ${title}`);

const fullRuns = Math.max(1, Math.min(runs, 3));
const fullWall: number[] = [];
let totals = '';
for (let i = 0; i < fullRuns; i++) {
  const { wallMs, summary } = timeRun([]);
  fullWall.push(wallMs);
  totals = `${summary.totals.passed} passed, ${summary.totals.skipped} skipped`;
}
console.log(
  `default run, npm start = authcanary run (all suites + Allure HTML): median ${ms(median(fullWall))} over ${fullRuns} (${totals})`,
);
