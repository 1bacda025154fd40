import { expect } from '@playwright/test';
import type { FaultCase } from '../cases/types';
import { recordRow } from './fault-table';
import { failureCodes, runSuiteAgainstReference } from './run-suite';

/** The test title of a fault row: `suite: name → code`. */
export function faultRowTitle(row: FaultCase): string {
  return `${row.suite}: ${row.label ?? row.fault} → ${row.expectedCode}`;
}

/**
 * One fault row end to end: the row's suite against a faulted reference instance must fail (exit 1, verdict failed)
 * with the expected code among the failed checks' codes. The row goes into the fault table either way.
 */
export async function expectFaultDetected(row: FaultCase): Promise<void> {
  const name = row.label ?? row.fault;
  const run = await runSuiteAgainstReference(row, { name: `${row.suite}-${name.replace(/\W+/g, '-')}` });
  const codes = failureCodes(run.summary);
  recordRow({
    row: `${name} (${row.suite})`,
    healthy: false,
    detected: run.exitCode === 1 && run.summary?.verdict === 'failed',
    right: codes.includes(row.expectedCode),
    codes: [...new Set(codes)].join(' '),
  });
  expect(run.exitCode, run.output).toBe(1);
  expect(run.summary?.verdict).toBe('failed');
  expect(codes, `expected ${row.expectedCode}; output:\n${run.output}`).toContain(row.expectedCode);
  if (row.rootCauses) {
    const findings = run.summary?.findings ?? [];
    expect(
      findings.map((finding) => finding.code),
      run.output,
    ).toEqual(row.rootCauses);
    // The terminal's verdict line names the same root causes.
    expect(run.output).toContain(
      `${row.rootCauses.length} root cause${row.rootCauses.length === 1 ? '' : 's'}: ${row.rootCauses[0]}`,
    );
  }
}
