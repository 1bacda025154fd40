import { expect, test } from '@playwright/test';
import { fixFor } from '../../helpers/diagnosis/diagnosis';
import { ASYMMETRIC, diagnoseRow, ROWS, rowMismatch, type Row } from './support/ladder-rows';

/**
 * Every branch of the diagnosis ladder, reached from a table (tests/unit/support/ladder-rows.ts): each row starts a
 * scripted backend on loopback, sends the harness's token as a suite does, and calls diagnoseRefusal on the answer.
 */
test.describe('diagnosis ladder, branch by branch (scripted backends on loopback)', () => {
  for (const row of [...ROWS, ASYMMETRIC]) {
    test(`${row.name} → ${row.first}`, async () => {
      const report = await diagnoseRow(row);
      const codes = report.diagnoses.map((entry) => entry.code);
      const context = JSON.stringify({ codes, diagnoses: report.diagnoses, evidence: report.evidence }, null, 1);
      if (row.first === 'none') expect(codes, context).toEqual([]);
      else expect(codes[0], context).toBe(row.first);
      if (row.evidence) expect(report.diagnoses[0]?.evidence, context).toMatchObject(row.evidence);
      for (const code of row.never ?? []) expect(codes, context).not.toContain(code);
      expect(report.requests).toBeLessThanOrEqual(row.budget ?? 20);
      expect(rowMismatch(row, report), context).toBeUndefined();
    });
  }

  test('asymmetric keys: neither the summary nor the fix advises a JWT_SECRET_… variable', async () => {
    const report = await diagnoseRow(ASYMMETRIC);
    const first = report.diagnoses[0];
    expect(first?.code).toBe('AC_SIGNING_KEY_MISMATCH');
    expect(`${first?.summary} ${fixFor(first!.code)}`).not.toMatch(/JWT_SECRET/);
  });

  test('Date jitter: 10 repeats, one verdict', async () => {
    const row = ROWS.find((entry) => entry.name.startsWith('Date jitter: a cached Date')) as Row;
    const verdicts = new Set<string>();
    for (let i = 0; i < 10; i++) verdicts.add((await diagnoseRow(row)).diagnoses.map((entry) => entry.code).join(' '));
    expect([...verdicts]).toEqual(['AC_SECRET_MISMATCH']);
  });
});

test('the health probe is counted in the requests', async () => {
  const row = ROWS.find((entry) => entry.name === '500 with the health route down') as Row;
  const report = await diagnoseRow(row);
  expect(report.requests).toBe(1);
  expect(report.probes.map((probe) => probe.label)).toEqual(['health route']);
});

test('every code the ladder can emit is the expected first code of some row', async () => {
  const { LADDER_STEPS } = await import('../../helpers/diagnosis/ladder/ladder-steps');
  const emitted = new Set(
    // The API's logs: its rows are in tests/unit/evidence-ladder-steps.test.ts (a log source per row).
    LADDER_STEPS.filter(
      (step) => !["the identity provider's keys", "the API's logs", "the API's deployed settings", 'the login’s other tokens'].includes(step.name),
    ).flatMap((step) => step.codes),
  );
  const covered = new Set([...ROWS, ASYMMETRIC].map((row) => row.first));
  expect([...emitted].filter((code) => !covered.has(code)).sort()).toEqual([]);
});
