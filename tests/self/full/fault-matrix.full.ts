import { expect, test } from '@playwright/test';
import { COOKIE_FAULT_CASES } from '../cases/cookies';
import { DOCTOR_CASES } from '../cases/doctor';
import { REST_FAULT_CASES } from '../cases/rest';
import { SILENT_FAULT_CASES } from '../cases/silent';
import { WEBSOCKET_FAULT_CASES } from '../cases/websocket';
import type { FaultCase } from '../cases/types';
import { expectFaultDetected, faultRowTitle } from '../support/fault-row';
import { recordRow } from '../support/fault-table';
import { failureCodes, runDoctorAgainstReference, runSuiteAgainstReference } from '../support/run-suite';

/**
 * The full self-test (`npm run test:self:full`, not part of `npm test`): a healthy reference target passes; each fault fails its suite with the expected diagnosis code
 * in summary.json, and the doctor names it first. The table printed at the end is the proof, row by row.
 */
const SUITE_CASES: FaultCase[] = [
  ...REST_FAULT_CASES,
  ...COOKIE_FAULT_CASES,
  ...WEBSOCKET_FAULT_CASES,
  ...SILENT_FAULT_CASES,
];
const SUITES = ['rest', 'cookies', 'browser', 'ws'] as const;
// Each run starts a target and a Playwright run of its own; a failing run diagnoses every check, which takes longer.
test.describe.configure({ timeout: 120_000 });

test.describe('suites', () => {
  for (const suite of SUITES) {
    test(`healthy reference target passes the ${suite} suite`, async () => {
      const run = await runSuiteAgainstReference({ fault: '', suite, expectedCode: '' }, { name: `healthy-${suite}` });
      recordRow({
        row: `(healthy) (${suite})`,
        healthy: true,
        detected: run.exitCode !== 0,
        right: run.exitCode === 0,
        codes: failureCodes(run.summary).join(' '),
      });
      expect(run.summary?.verdict, run.output).toBe('passed');
      expect(run.summary?.totals.failed).toBe(0);
      expect(run.summary?.totals.passed).toBeGreaterThan(0);
      expect(run.exitCode).toBe(0);
    });
  }

  for (const row of SUITE_CASES) test(faultRowTitle(row), () => expectFaultDetected(row));
});

test.describe('doctor', () => {
  test('healthy reference target: the doctor finds no problem', async () => {
    const run = await runDoctorAgainstReference({ fault: '', suite: 'rest', expectedCode: '' }, [
      '--url',
      '/api/v1/me',
    ]);
    const report = JSON.parse(run.stdout) as { ok: boolean; diagnoses: { code: string }[] };
    recordRow({
      row: '(healthy) (doctor)',
      healthy: true,
      detected: !report.ok,
      right: report.ok,
      codes: report.diagnoses.map((entry) => entry.code).join(' '),
    });
    expect(report.diagnoses, run.output).toEqual([]);
    expect(report.ok).toBe(true);
    expect(run.exitCode).toBe(0);
  });

  for (const { row, expectedFirst, args } of DOCTOR_CASES) {
    const name = row.label ?? row.fault;
    test(`doctor: ${name} → ${expectedFirst} first`, async () => {
      const run = await runDoctorAgainstReference(row, args);
      const report = JSON.parse(run.stdout) as { ok: boolean; requests: number; diagnoses: { code: string }[] };
      const codes = report.diagnoses.map((entry) => entry.code);
      recordRow({
        row: `${name} (doctor)`,
        healthy: false,
        detected: !report.ok,
        right: codes[0] === expectedFirst,
        codes: codes.join(' '),
      });
      expect(run.exitCode, run.output).toBe(1);
      expect(codes[0], run.output).toBe(expectedFirst);
      expect(report.requests).toBeLessThanOrEqual(20);
    });
  }
});
