import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { COOKIE_FAULT_CASES } from './cases/cookies';
import { REST_FAULT_CASES } from './cases/rest';
import { WEBSOCKET_FAULT_CASES } from './cases/websocket';
import type { FaultCase } from './cases/types';
import { expectFaultDetected, faultRowTitle } from './support/fault-row';
import { recordRow } from './support/fault-table';
import { failureCodes, runDoctorAgainstReference, runSuiteAgainstReference } from './support/run-suite';

/**
 * The end-to-end self-test: the CLI and Playwright as a user runs them, against a reference target started with a
 * fault. It proves the wiring (env → fixtures → suites → diagnosis → summary.json → exit code), so it keeps one run
 * of every suite on a healthy target and a few faults; each fault's diagnosis is proven in-process by the tables in
 * tests/unit/diagnosis-*.test.ts. The full matrix (every fault through its suite) is `npm run test:self:full`.
 */
test.describe.configure({ timeout: 180_000 });

const pick = (cases: readonly FaultCase[], name: string, suite?: FaultCase['suite']): FaultCase => {
  const found = cases.find(
    (row) => ((row.label ?? row.fault) === name || row.fault === name) && (!suite || row.suite === suite),
  );
  if (!found) throw new Error(`no fault case ${name}`);
  return found;
};

/** A few faults end to end: a secret mismatch, a claims bisection through the suite's fixture, one per other suite. */
const WIRING_FAULTS: FaultCase[] = [
  pick(REST_FAULT_CASES, 'harness-dev-secret (seeds 003/004)'),
  { fault: 'audience-drift-opaque', suite: 'rest', expectedCode: 'AC_AUDIENCE_DRIFT' },
  pick(COOKIE_FAULT_CASES, 'cookie-samesite-lax', 'cookies'),
  pick(WEBSOCKET_FAULT_CASES, 'ws-generic-secret-only'),
];

test('healthy reference target passes every suite (REST, cookies, browser, WebSocket)', async () => {
  const run = await runSuiteAgainstReference(
    { fault: '', suite: 'rest', expectedCode: '' },
    { name: 'healthy-all', allSuites: true },
  );
  const projects = new Set(run.summary?.checks.map((check) => check.project));
  // The reference's app and API are different sites by design: with third-party cookies blocked its cookies break,
  // a real warning (AC_COOKIE_THIRD_PARTY_BLOCKED) that this --fail-on warning run fails on (exit 1). Nothing else.
  const findings = (run.summary?.findings ?? []).map((finding) => `${finding.code} ${finding.severity}`);
  const onlyThatWarning = findings.join() === 'AC_COOKIE_THIRD_PARTY_BLOCKED warning';
  recordRow({
    row: '(healthy) (all suites)',
    healthy: true,
    detected: !onlyThatWarning,
    right: onlyThatWarning && run.summary?.totals.failed === 0,
    codes: failureCodes(run.summary).join(' '),
  });
  expect(findings, run.output).toEqual(['AC_COOKIE_THIRD_PARTY_BLOCKED warning']);
  expect(run.summary?.totals.failed).toBe(0);
  expect([...projects].sort()).toEqual(['browser', 'cookies', 'rest', 'websocket']);
  expect(run.exitCode).toBe(1);
});

test('a Date header lagging 1–2 s with leeway 0 is healthy: the REST suite passes', async () => {
  const run = await runSuiteAgainstReference(
    { fault: 'date-lag', suite: 'rest', expectedCode: '' },
    { name: 'healthy-date-lag' },
  );
  recordRow({
    row: 'date-lag (rest)',
    healthy: true,
    detected: run.exitCode !== 0,
    right: run.exitCode === 0,
    codes: failureCodes(run.summary).join(' '),
  });
  expect(failureCodes(run.summary), run.output).toEqual([]);
  expect(run.exitCode).toBe(0);
});

for (const row of WIRING_FAULTS) test(faultRowTitle(row), () => expectFaultDetected(row));

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
