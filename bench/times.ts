import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../helpers/env/paths';
import { median } from './stats';

/**
 * `npm run bench:times [runs] [which...]`: wall-clock time of `npm test`, the default `npm start` and a bare one-test
 * `playwright test`, measured side by side, median of `runs` (default 3). `which` limits it, e.g. `bare start`.
 * Each command runs as a user runs it (a subprocess); its exit code is shown, its output is not.
 */
const runs = Number(process.argv[2] ?? 3);
const COMMANDS = {
  bare: ['npx', 'playwright', 'test', '--config', 'bench/bare/playwright.config.ts'],
  start: ['npm', 'start', '--silent'],
  test: ['npm', 'test', '--silent'],
} as const;
const chosen = (
  process.argv.slice(3).length ? process.argv.slice(3) : Object.keys(COMMANDS)
) as (keyof typeof COMMANDS)[];

const results: Record<string, number> = {};
for (const name of chosen) {
  const command = COMMANDS[name];
  if (!command) throw new Error(`unknown command ${name} (known: ${Object.keys(COMMANDS).join(', ')})`);
  const times: number[] = [];
  const exits: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(command[0], command.slice(1), { cwd: PROJECT_ROOT, stdio: 'ignore' });
    times.push(performance.now() - started);
    exits.push(result.status ?? 1);
  }
  results[name] = median(times);
  console.log(
    `${command.join(' ').padEnd(70)} median ${(median(times) / 1000).toFixed(1).padStart(6)} s  (runs: ${times.map((time) => (time / 1000).toFixed(1)).join(', ')}; exit ${[...new Set(exits)].join('/')})`,
  );
}
if (results['bare'] !== undefined) {
  for (const name of ['start', 'test'] as const)
    if (results[name] !== undefined)
      console.log(`${name}: ${(results[name] / results['bare']).toFixed(1)}× a bare one-test playwright test`);
}
