import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT, REPORTS_DIR } from '../helpers/env/paths';
import { median, ms } from './stats';

/**
 * `npx tsx bench/infra.ts [runs]`: wall time of `authcanary run` (every suite, default settings) against a target
 * that is down (connection refused), one that never answers (HTTP_TIMEOUT default 10 s), and a `.invalid` host:
 * how fast a CI job learns that the target could not be tested (exit 3). Medians of N runs.
 */
const runs = Number(process.argv[2] ?? 3);
const cli = join(PROJECT_ROOT, 'bin', 'authcanary.js');

function timeRun(baseUrl: string): Promise<{ wallMs: number; code: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'run', '--no-allure', '--reports', join(REPORTS_DIR, 'bench-infra')], {
      cwd: PROJECT_ROOT,
      stdio: 'ignore',
      env: { ...process.env, TARGET_BASE_URL: baseUrl, REFERENCE_TARGET: 'none' },
    });
    child.on('exit', (code) => resolve({ wallMs: performance.now() - started, code }));
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const refused = createServer();
const refusedUrl = await listen(refused);
await new Promise((resolve) => refused.close(resolve));
const hanging = createServer(() => undefined);
const hangingUrl = await listen(hanging);

for (const [label, url] of [
  ['dead target (connection refused)', refusedUrl],
  ['hanging target (never answers)', hangingUrl],
  ['DNS failure (.invalid)', 'http://authcanary-bench.invalid'],
] as const) {
  const times: number[] = [];
  let code: number | null = null;
  for (let index = 0; index < runs; index++) {
    const result = await timeRun(url);
    times.push(result.wallMs);
    code = result.code;
  }
  console.log(`${label.padEnd(36)} exit ${code}  median ${ms(median(times))}  (${times.map(ms).join(', ')})`);
}
hanging.close();
