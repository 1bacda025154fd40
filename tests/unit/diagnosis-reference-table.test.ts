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

/** What the first diagnosis's summary (the line a user reads) says, per row. */
const SUMMARIES: Readonly<Record<string, RegExp>> = {
  'harness-dev-secret (seeds 003/004)':
    /accepts the tokens it issues but not the harness's: it signs with a key other than env:JWT_SECRET_KEY \(fp:\w+\)/,
  'env-specific secret differs (fingerprints declared)':
    /accepts the tokens it issues but not the harness's: it signs with a key other than env:JWT_SECRET_LOCAL/,
  'api-generic-secret-only':
    /the auth service signs with env:JWT_SECRET_LOCAL \(fp:\w+\) but the API validates with env:JWT_SECRET_KEY/,
  'api-raw-json-secret': /accepts tokens signed with the whole JSON document of env:JWT_SECRET_LOCAL, not its field/,
  'jwt-lib-missing': /answered 500 while the service is up \(health 200\): the auth handling crashes/,
  'jwt-lib-missing-401':
    /refuses the token its own auth service just issued .* \(server: "Invalid or expired token"\); still open, in order: 1\. /,
  'audience-drift': /refuses the token's audience \(server, www-authenticate: "unexpected "aud" claim value"\)/,
  'issuer-drift': /refuses the token's issuer \(server, www-authenticate: "unexpected "iss" claim value"\)/,
  'alg-rs256': /refuses the token's algorithm .*declared JWT_ALG=HS256/,
  'clock-skew':
    /is (599|600|601) s ahead of the runner's; leeway 30 s; a token minted from the server's time is accepted/,
  'leeway-zero': /is (19|20|21) s behind the runner's; leeway 30 s; a token minted from the server's time is accepted/,
  'fallback-secret': /well-known secret "fallback_secret": it runs on a built-in fallback/,
  'header-ignored': /refused in Authorization but accepted in cookie access_token/,
  'secret-base64-decoded': /accepts the base64-decoded secret \(fp:\w+\); the harness declares SECRET_ENCODING=raw/,
  'invalid-token-500, replaying a broken token': /this token gets 500 while a valid control gets 200/,
  'cookie-ignored, replaying the cookie': /accepted in Authorization but refused in cookie access_token/,
  'cookie-token-base64, replaying a standard-base64 cookie':
    /not base64url \(standard-base64-alphabet.*\); the same token in base64url is accepted/,
  'audience-drift behind an opaque 401: found by claims bisection': /refuses them with aud: the target issues/,
  'API requires token_type the harness does not send: found by claims bisection':
    /refuses them with token_type: the target issues "access", the harness sends absent/,
  'clock-skew is confirmed by a server-time probe': /is (599|600|601) s ahead of the runner's/,
  'expired token replayed: expired, not skew': /^the token expired 36\d\d s ago$/,
};

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
