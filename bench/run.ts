import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../helpers/env/paths';

/**
 * `npm run bench [runs]`: every benchmark in turn; `runs` goes to those that take medians over runs.
 * Each is also runnable alone: `npx tsx bench/<name>.ts [...]`.
 */
const runs = process.argv.slice(2, 3);
for (const [name, args] of [
  ['rest', runs],
  ['doctor', runs],
  ['ws', []],
  ['browser', runs],
] as const) {
  console.log(`\n== bench/${name}.ts`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...args], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exitCode = 1;
}
