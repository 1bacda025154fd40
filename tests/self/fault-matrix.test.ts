import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { REST_FAULT_CASES } from './cases/rest';
import { SUITE_PROJECT, type FaultCase } from './cases/types';
import { expectFaultDetected, faultRowTitle } from './support/fault-row';
import { recordRow } from './support/fault-table';
import { failureCodes, runDoctorAgainstReference } from './support/run-suite';
import {
  expectNoLeaks,
  FAILING_RUN,
  FAILING_RUN_EXPECTED,
  HEALTHY_RUN,
  runWholeSuite,
} from './support/whole-suite-runs';

/**
 * The end-to-end self-test: the CLI and Playwright as a user runs them, against a reference target started with a
 * fault. It proves the wiring (env → fixtures → suites → diagnosis → summary.json → exit code) with as few runs as
 * prove it: every suite on a healthy target, every suite failing at once (one fault per suite), a secret mismatch, and
 * the doctor. The two whole-suite runs are also the leak scan's: their reports and output are searched for every
 * secret (the other leak tests are in tests/self/leak.test.ts). Each fault's diagnosis is proven in-process by the
 * tables in tests/unit/diagnosis-*.test.ts; the full matrix (every fault through its suite) is
 * `npm run test:self:full`.
 */
// A whole-suite run (every suite, Allure on) takes ≈ 30–60 s on 2 quiet cores and minutes on a machine shared by
// several runs; each failed check costs Playwright a new worker.
test.describe.configure({ timeout: 600_000 });

const pick = (cases: readonly FaultCase[], name: string): FaultCase => {
  const found = cases.find((row) => (row.label ?? row.fault) === name || row.fault === name);
  if (!found) throw new Error(`no fault case ${name}`);
  return found;
};

test('healthy reference target passes every suite (REST, cookies, browser, WebSocket), its Date header lagging 1–2 s; no secret in any report', async () => {
  const run = await runWholeSuite(HEALTHY_RUN, 'healthy-all');
  const projects = new Set(run.summary?.checks.map((check) => check.project));
  // The reference's app and API are different sites by design: with third-party cookies blocked its cookies break,
  // a real warning (AC_COOKIE_THIRD_PARTY_BLOCKED), shown once with its severity. This run counts warnings
  // (--fail-on warning), so that one finding, and nothing else, makes it exit 1.
  const findings = (run.summary?.findings ?? []).map((finding) => `${finding.code} ${finding.severity}`);
  const onlyThatWarning = findings.join() === 'AC_COOKIE_THIRD_PARTY_BLOCKED warning';
  for (const row of ['(healthy) (all suites)', 'date-lag, leeway 0 (all suites)'])
    recordRow({
      row,
      healthy: true,
      detected: !onlyThatWarning || (run.summary?.totals.failed ?? 1) > 0,
      right: onlyThatWarning && run.summary?.totals.failed === 0,
      codes: failureCodes(run.summary).join(' '),
    });
  expect(failureCodes(run.summary), run.output).toEqual([]);
  expect(findings, run.output).toEqual(['AC_COOKIE_THIRD_PARTY_BLOCKED warning']);
  expect(run.summary?.totals.failed).toBe(0);
  expect([...projects].sort()).toEqual(['browser', 'cookies', 'rest', 'websocket']);
  expect(run.exitCode).toBe(1);
  expectNoLeaks(run, HEALTHY_RUN);
});

test('one fault per suite at once: each suite fails with its own code, the run exits 1; no secret in any report', async () => {
  const run = await runWholeSuite(FAILING_RUN, 'failing-all');
  const wrong: string[] = [];
  for (const row of FAILING_RUN_EXPECTED) {
    const codes = failureCodes(run.summary, SUITE_PROJECT[row.suite]);
    recordRow({
      row: `${row.fault} (${row.suite}, with the others)`,
      healthy: false,
      detected: run.exitCode === 1 && codes.length > 0,
      right: codes.includes(row.expectedCode),
      codes: [...new Set(codes)].join(' '),
    });
    if (!codes.includes(row.expectedCode)) wrong.push(`${faultRowTitle(row)}: got ${[...new Set(codes)].join(' ')}`);
  }
  expect(wrong, run.output).toEqual([]);
  expect(run.summary?.verdict).toBe('failed');
  expect(run.exitCode).toBe(1);
  // A failing run carries the most evidence (exchanges, cookies, frames, browser state) into its reports.
  expectNoLeaks(run, FAILING_RUN);
});

test(faultRowTitle(pick(REST_FAULT_CASES, 'harness-dev-secret (seeds 003/004)')), () =>
  expectFaultDetected(pick(REST_FAULT_CASES, 'harness-dev-secret (seeds 003/004)')),
);

test('doctor CLI: healthy exits 0 with no diagnosis; a fault exits 1 naming it first, within 20 requests', async () => {
  const healthy = await runDoctorAgainstReference({ fault: '', suite: 'rest', expectedCode: '' }, [
    '--url',
    '/api/v1/me',
  ]);
  const ok = JSON.parse(healthy.stdout) as { ok: boolean; diagnoses: unknown[] };
  expect(ok.diagnoses, healthy.output).toEqual([]);
  expect(healthy.exitCode).toBe(0);

  const faulted = await runDoctorAgainstReference(
    {
      fault: 'api-generic-secret-only',
      suite: 'rest',
      expectedCode: '',
      env: { JWT_SECRET_KEY: randomBytes(32).toString('base64url') },
    },
    ['--url', '/api/v1/me'],
  );
  const report = JSON.parse(faulted.stdout) as { requests: number; diagnoses: { code: string }[] };
  recordRow({
    row: 'api-generic-secret-only (doctor)',
    healthy: false,
    detected: faulted.exitCode === 1,
    right: report.diagnoses[0]?.code === 'AC_SERVICES_SECRET_DISAGREE',
    codes: report.diagnoses.map((entry) => entry.code).join(' '),
  });
  expect(faulted.exitCode, faulted.output).toBe(1);
  expect(report.diagnoses[0]?.code).toBe('AC_SERVICES_SECRET_DISAGREE');
  expect(report.requests).toBeLessThanOrEqual(20);
});
