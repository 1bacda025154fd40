import { expect, test } from '@playwright/test';
import { REST_FAULT_CASES } from './cases/rest';
import type { FaultCase } from './cases/types';
import { failureCodes, runSuiteAgainstReference } from './support/run-suite';

/**
 * The self-test: a healthy reference target passes; each fault fails its suite with the expected diagnosis code
 * in reports/summary.json. The table at the end is the proof, row by row.
 */
const CASES: FaultCase[] = [...REST_FAULT_CASES];
const rows: { row: string; detected: boolean; rightCode: boolean; codes: string }[] = [];

test.describe.configure({ mode: 'default' });

test.afterAll(() => {
  const width = Math.max(...rows.map((entry) => entry.row.length), 5);
  const lines = rows.map((entry) => `${entry.row.padEnd(width)}  ${entry.detected ? 'detected' : 'MISSED  '}  ${entry.rightCode ? 'right code' : 'WRONG CODE'}  ${entry.codes}`);
  console.log(`\nfault${' '.repeat(width - 5)}  detected  code        codes seen\n${lines.join('\n')}\n`);
});

for (const suite of ['rest'] as const) {
  test(`healthy reference target passes the ${suite} suite`, async () => {
    const run = await runSuiteAgainstReference({ fault: '', suite, expectedCode: '' }, { name: `healthy-${suite}` });
    rows.push({ row: `(healthy, ${suite})`, detected: run.exitCode !== 0, rightCode: run.exitCode === 0, codes: failureCodes(run.summary).join(' ') });
    expect(run.summary?.verdict, run.output).toBe('passed');
    expect(run.summary?.totals.failed).toBe(0);
    expect(run.summary?.totals.passed).toBeGreaterThan(0);
    expect(run.exitCode).toBe(0);
  });
}

for (const row of CASES) {
  const name = row.label ?? row.fault;
  test(`${row.suite}: ${name} → ${row.expectedCode}`, async () => {
    const run = await runSuiteAgainstReference(row, { name: `${row.suite}-${name.replace(/\W+/g, '-')}` });
    const codes = failureCodes(run.summary);
    rows.push({ row: `${name} (${row.suite})`, detected: run.exitCode === 1 && run.summary?.verdict === 'failed', rightCode: codes.includes(row.expectedCode), codes: [...new Set(codes)].join(' ') });
    expect(run.exitCode, run.output).toBe(1);
    expect(run.summary?.verdict).toBe('failed');
    expect(codes, `expected ${row.expectedCode}; output:\n${run.output}`).toContain(row.expectedCode);
  });
}
