import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { doctorInProcess } from './support/in-process-reference';
import { fault, REFERENCE_ROWS as ROWS, REFERENCE_SUMMARIES as SUMMARIES } from './support/reference-rows';

/**
 * The doctor's first code for every REST fault of the reference target: the target's real handlers reached in process
 * (an undici dispatcher, no socket), the run built by buildHarness, the doctor called as a function (login, replay,
 * passive analysis, probes). One row per fault; the rows are in support/reference-rows.ts (the mutation check runs
 * them too).
 */
test('every reference row that names a code says what its summary must read', () => {
  expect(
    ROWS.filter((entry) => entry.first !== undefined && !SUMMARIES[entry.name]).map((entry) => entry.name),
  ).toEqual([]);
});

test.describe('doctor against the reference target, in-process', () => {
  for (const entry of ROWS) {
    test(`${entry.name} → ${entry.first ?? 'OK'}`, async () => {
      const report = await doctorInProcess(entry.row, entry.replay);
      const codes = report.diagnoses.map((found) => found.code);
      const context = JSON.stringify({ verdict: report.verdict, codes, evidence: report.evidence }, null, 1);
      if (entry.first === undefined) {
        expect(codes, context).toEqual([]);
        expect(report.ok).toBe(true);
      } else {
        expect(codes[0], context).toBe(entry.first);
        expect(report.ok).toBe(false);
        expect(report.diagnoses[0]?.summary, context).toMatch(SUMMARIES[entry.name] ?? /^$/);
        if (entry.evidence) expect(report.diagnoses[0]?.evidence, context).toMatchObject(entry.evidence);
      }
      expect(report.requests).toBeLessThanOrEqual(20);
    });
  }
});

test.describe('doctor verdict stability', () => {
  for (const name of ['clock-skew', 'date-lag', 'leeway-zero']) {
    test(`${name}: 10 repeats give one verdict`, async () => {
      const verdicts = new Set<string>();
      for (let i = 0; i < 10; i++) {
        const report = await doctorInProcess(fault(name));
        verdicts.add(report.diagnoses.map((found) => found.code).join(' ') || 'OK');
      }
      expect([...verdicts]).toEqual([name === 'date-lag' ? 'OK' : 'AC_CLOCK_SKEW']);
    });
  }
});

test('doctor --token: the given token is evidence (which key verifies it, its claims against the env)', async () => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  // A token for another audience, signed with a key the harness does not hold: both facts belong in the report.
  const token = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'alice', aud: 'elsewhere', iat: now, exp: now + 300 })}.${randomBytes(32).toString('base64url')}`;
  const report = await doctorInProcess(fault(''), { kind: 'token', token });
  expect(report.evidence['givenToken']).toMatchObject({ verifiesWith: null, claims: { aud: 'elsewhere' } });
  expect(JSON.stringify(report.evidence['givenToken'])).toContain('AUDIENCE');
  expect(report.diagnoses[0]?.code).toBe('AC_SECRET_MISMATCH');
});
