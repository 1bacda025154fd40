import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { DiagnosisCode } from '../../helpers/diagnosis/catalogue';
import { REST_FAULT_CASES } from '../self/cases/rest';
import type { FaultCase } from '../self/cases/types';
import { doctorInProcess, type Replay } from './support/in-process-reference';

/**
 * The doctor's first code for every REST fault of the reference target: the target's real handlers reached in process
 * (an undici dispatcher, no socket), the run built by buildHarness, the doctor called as a function (login, replay,
 * passive analysis, probes). One row per fault.
 */
interface Row {
  readonly name: string;
  readonly row: FaultCase;
  readonly replay?: Replay;
  /** The code the doctor must name first; undefined: accepted, nothing found. */
  readonly first: DiagnosisCode | undefined;
  /** Evidence the first diagnosis must carry. */
  readonly evidence?: Record<string, unknown>;
}

const rest = (name: string): FaultCase => {
  const found = REST_FAULT_CASES.find((entry) => (entry.label ?? entry.fault) === name || entry.fault === name);
  if (!found) throw new Error(`no REST fault case ${name}`);
  return found;
};
const fault = (name: string, extra: Partial<FaultCase> = {}): FaultCase => ({
  fault: name,
  suite: 'rest',
  expectedCode: '',
  ...extra,
});

const ROWS: Row[] = [
  { name: 'healthy', row: fault(''), first: undefined },
  { name: 'date-lag (Date 1–2 s behind, leeway 0): healthy', row: fault('date-lag'), first: undefined },
  // Left out: faults that refuse nothing the doctor replays (sign-up, a weak key accepted beside the real one: the
  // REST suite's standing checks find those) and faults that need a particular replay (rows below).
  ...REST_FAULT_CASES.filter(
    (row) =>
      !['signup-open', 'fallback-secret-beside', 'invalid-token-500', 'cookie-ignored', 'cookie-token-base64'].includes(
        row.fault,
      ),
  ).map((row) => ({ name: row.label ?? row.fault, row, first: row.expectedCode as DiagnosisCode })),
  {
    name: 'invalid-token-500, replaying a broken token',
    row: rest('invalid-token-500'),
    replay: { kind: 'token', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LWEtc2lnbmF0dXJl' },
    first: 'AC_INVALID_TOKEN_5XX',
  },
  {
    name: 'cookie-ignored, replaying the cookie',
    row: rest('cookie-ignored'),
    replay: { kind: 'cookie', encoding: 'base64url' },
    first: 'AC_COOKIE_IGNORED',
  },
  {
    name: 'cookie-token-base64, replaying a standard-base64 cookie',
    row: rest('cookie-token-base64'),
    replay: { kind: 'cookie', encoding: 'standard-base64' },
    first: 'AC_TOKEN_ENCODING_MISMATCH',
  },
  {
    name: 'audience-drift behind an opaque 401: found by claims bisection',
    row: fault('audience-drift-opaque'),
    first: 'AC_AUDIENCE_DRIFT',
    evidence: { confirmedByProbe: true, claim: 'aud' },
  },
  {
    name: 'API requires token_type the harness does not send: found by claims bisection',
    row: fault('api-requires-token-type'),
    first: 'AC_REQUIRED_CLAIM_MISSING',
    evidence: { confirmedByProbe: true, claim: 'token_type' },
  },
  {
    name: 'clock-skew is confirmed by a server-time probe',
    row: fault('clock-skew'),
    first: 'AC_CLOCK_SKEW',
    evidence: { confirmedByProbe: true },
  },
  {
    name: 'expired token replayed: expired, not skew',
    row: fault(''),
    replay: { kind: 'token', token: expiredToken() },
    first: 'AC_TOKEN_EXPIRED',
  },
];

/** A token that expired an hour ago (signature irrelevant: expiry is read first). */
function expiredToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'alice', iat: now - 7200, exp: now - 3600 })}.${randomBytes(32).toString('base64url')}`;
}

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
