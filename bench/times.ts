import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../helpers/env/paths';
import { median } from './stats';

/**
 * `npm run bench:times [runs] [which...]`: wall-clock time of `npm test`, `npm run test:quick`, the default `npm start`
 * and a bare one-test `playwright test`, measured side by side, median of `runs` (default 3). `which` limits it, e.g.
 * `bare start` (the ratio to the bare run is printed when both are measured, interleaved so load hits them alike).
 * Each command runs as a user runs it (a subprocess); its exit code is shown, its output is not.
 * `before`: `npm start` in another checkout of the project (BENCH_BEFORE_DIR, e.g. `git archive <commit>` unpacked with
 * a `node_modules` link), so that a change is measured against its parent in the same rounds.
 */
const runs = Number(process.argv[2] ?? 3);
const COMMANDS = {
  bare: ['npx', 'playwright', 'test', '--config', 'bench/bare/playwright.config.ts'],
  start: ['npm', 'start', '--silent'],
  test: ['npm', 'test', '--silent'],
  quick: ['npm', 'run', 'test:quick', '--silent'],
  before: ['npm', 'start', '--silent'],
} as const;
const beforeDir = process.env['BENCH_BEFORE_DIR'];
if (process.argv.slice(3).includes('before') && !beforeDir)
  throw new Error('before: set BENCH_BEFORE_DIR to the other checkout (with node_modules)');
const chosen = (
  process.argv.slice(3).length ? process.argv.slice(3) : Object.keys(COMMANDS).filter((name) => name !== 'before')
) as (keyof typeof COMMANDS)[];

for (const name of chosen)
  if (!COMMANDS[name]) throw new Error(`unknown command ${name} (known: ${Object.keys(COMMANDS).join(', ')})`);
const times = new Map<string, number[]>(chosen.map((name) => [name, []]));
const exits = new Map<string, number[]>(chosen.map((name) => [name, []]));
// Round by round, so a change of load on the shared machine hits every command alike.
for (let i = 0; i < runs; i++)
  for (const name of chosen) {
    const command = COMMANDS[name];
    const started = performance.now();
    const cwd = name === 'before' ? beforeDir! : PROJECT_ROOT;
    const result = spawnSync(command[0], command.slice(1), { cwd, stdio: 'ignore' });
    times.get(name)!.push(performance.now() - started);
    exits.get(name)!.push(result.status ?? 1);
  }
const results: Record<string, number> = {};
for (const name of chosen) {
  const measured = times.get(name)!;
  results[name] = median(measured);
  console.log(
    `${`${COMMANDS[name].join(' ')}${name === 'before' ? ` (in ${beforeDir})` : ''}`.padEnd(70)} median ${(median(measured) / 1000).toFixed(1).padStart(6)} s  (runs: ${measured.map((time) => (time / 1000).toFixed(1)).join(', ')}; exit ${[...new Set(exits.get(name))].join('/')})`,
  );
}
if (results['bare'] !== undefined) {
  for (const name of ['start', 'before', 'test', 'quick'] as const)
    if (results[name] !== undefined)
      console.log(`${name}: ${(results[name] / results['bare']).toFixed(1)}× a bare one-test playwright test`);
}
