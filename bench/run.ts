import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../helpers/env/paths';

/** `npm run bench`: every benchmark in turn (each is also runnable alone with `npx tsx bench/<name>.ts [runs]`). */
for (const name of ['rest', 'doctor', 'ws', 'browser']) {
  console.log(`\n== bench/${name}.ts`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...process.argv.slice(2)], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
