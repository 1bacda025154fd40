import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CATALOGUE, type DiagnosisCode } from '../../helpers/diagnosis/catalogue';
import { PROJECT_ROOT, REPORTS_DIR } from '../../helpers/env/paths';
import { runThroughProxy } from '../support/run-through-proxy';

/**
 * One `authcanary run` through the fault proxy, end to end: a target that starts trickling its headers mid-run (after
 * the preflight and the first checks) ends the run as infrastructure, exit 3, with no auth code. Each
 * fault's judgement is proven in process (tests/unit/verdict-fault-proxy.test.ts); this row proves the wiring: the
 * timeout inside the check, the target-down marker, the inconclusive checks after it and the exit code. How long it
 * takes is measured, not asserted: `node --import tsx tests/support/measure-fault-probes.ts`.
 */
test('a target that trickles its headers mid-run: exit 3 (infra), no auth code, the check ends at HTTP_TIMEOUT', async () => {
  test.setTimeout(120_000);
  const run = await runThroughProxy(
    PROJECT_ROOT,
    { kind: 'trickle-headers', afterRequests: 8 },
    { reportsDir: join(REPORTS_DIR, 'self', 'fault-proxy-trickle'), projects: ['rest'], timeoutMs: 110_000 },
  );
  console.log(
    `fault proxy, trickling headers after 8 requests: exit ${run.exitCode}, ${run.seconds} s, ${run.codes.join(', ')}`,
  );
  expect(run.exitCode, run.output).toBe(3);
  expect(run.verdict).toBe('infra');
  expect(run.codes).toContain('AC_INFRA_TIMEOUT');
  const kinds = run.codes.map((code) => CATALOGUE[code as DiagnosisCode]?.kind);
  expect(
    kinds.filter((kind) => kind !== 'infra' && kind !== 'inconclusive'),
    run.codes.join(', '),
  ).toEqual([]);
  // Mid-run: checks passed before the target degraded; the check that met it failed with the harness's own
  // AC_INFRA_TIMEOUT (status 'failed', not Playwright's 'timedOut'); the checks after it were skipped as inconclusive.
  const checks = run.summary?.checks ?? [];
  expect(checks.filter((check) => check.status === 'passed').length).toBeGreaterThan(0);
  const failed = checks.filter((check) => check.status !== 'passed' && check.status !== 'skipped');
  expect(failed.map((check) => check.status)).toEqual(['failed']);
  expect(failed[0]?.diagnoses.map((entry) => entry.code)).toContain('AC_INFRA_TIMEOUT');
  expect(checks.filter((check) => check.status === 'skipped' && check.kind === 'inconclusive').length).toBeGreaterThan(
    0,
  );
});
