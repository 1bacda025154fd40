import { join } from 'node:path';
import { PROJECT_ROOT, REPORTS_DIR } from '../../helpers/env/paths';
import { FAULT_PROBES } from './fault-probes';
import { runThroughProxy } from './run-through-proxy';

/**
 * The probe table: `node --import tsx tests/support/measure-fault-probes.ts [name filter…]` runs `authcanary run`
 * (rest, cookies, websocket) through the fault proxy once per probe and prints exit code, verdict, kinds, codes and
 * wall time, one JSON line each.
 */
const only = process.argv.slice(2);
for (const [index, { name, fault }] of FAULT_PROBES.entries()) {
  if (only.length > 0 && !only.some((part) => name.includes(part))) continue;
  const run = await runThroughProxy(PROJECT_ROOT, fault, {
    reportsDir: join(REPORTS_DIR, 'fault-probes', String(index)),
    projects: ['rest', 'cookies', 'websocket'],
    timeoutMs: 240_000,
  });
  console.log(
    JSON.stringify({
      name,
      exit: run.exitCode,
      seconds: run.seconds,
      verdict: run.verdict,
      kinds: run.kinds,
      codes: run.codes,
    }),
  );
}
