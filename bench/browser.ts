import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { launchBrowser } from '../helpers/browser/launch-browser';
import { processEnv } from '../helpers/env/process-env';
import { THIRD_PARTY_WORLDS } from '../helpers/browser/third-party-world';

/**
 * `npx tsx bench/browser.ts [runs]`: wall time of the browser suite (both third-party-cookie worlds, one Chromium per
 * world reused across its tests) and of the cookie suite, median of N runs; plus Chromium launch and context costs.
 */
const runs = Number(process.argv[2] ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number) => `${Math.round(value)} ms`;

for (const world of THIRD_PARTY_WORLDS) {
  const launches: number[] = [];
  const contexts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const launched = await launchBrowser({ world, explicitPath: processEnv()['AUTHCANARY_CHROMIUM'] });
    launches.push(performance.now() - started);
    const contextStarted = performance.now();
    const context = await launched.newContext();
    await context.newPage();
    contexts.push(performance.now() - contextStarted);
    await launched.close();
  }
  console.log(
    `chromium launch (${world}): median ${ms(median(launches))}; new context + page: median ${ms(median(contexts))}`,
  );
}

for (const project of ['browser', 'cookies']) {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync('npx', ['playwright', 'test', '--project', project, '--reporter=dot'], {
      stdio: 'ignore',
      env: process.env,
    });
    times.push(performance.now() - started);
    status ||= result.status ?? 1;
  }
  console.log(
    `${project} suite wall time (playwright test --project ${project}, incl. reference start): median ${ms(median(times))} of ${runs} [${times.map(ms).join(', ')}]${status ? ' — a run FAILED' : ''}`,
  );
}
