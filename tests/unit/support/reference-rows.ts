import { randomBytes } from 'node:crypto';
import type { DiagnosisCode } from '../../../helpers/diagnosis/catalogue';
import type { DoctorReport } from '../../../helpers/doctor/doctor';
import { REST_FAULT_CASES } from '../../self/cases/rest';
import type { FaultCase } from '../../self/cases/types';
import type { Replay } from './in-process-reference';

/**
 * The rows of the reference table (tests/unit/diagnosis-reference-table.test.ts, and the mutation check): the doctor's
 * first code for every REST fault of the reference target, its handlers reached in process. One row per fault.
 */
export interface ReferenceRow {
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
export const fault = (name: string, extra: Partial<FaultCase> = {}): FaultCase => ({
  fault: name,
  suite: 'rest',
  expectedCode: '',
  ...extra,
});

export const REFERENCE_ROWS: ReferenceRow[] = [
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
export const REFERENCE_SUMMARIES: Readonly<Record<string, RegExp>> = {
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

/** Why a doctor report does not match its row (first code, its summary, its evidence, the request cap); undefined: it does. */
export function referenceRowMismatch(entry: ReferenceRow, report: DoctorReport): string | undefined {
  const codes = report.diagnoses.map((found) => found.code);
  if (report.requests > 20) return `spent ${report.requests} requests (cap 20)`;
  if (entry.first === undefined)
    return codes.length === 0 && report.ok ? undefined : `expected OK, got ${codes.join(' ') || 'not ok'}`;
  if (codes[0] !== entry.first) return `first code ${codes[0] ?? 'none'}, expected ${entry.first}`;
  if (report.ok) return 'report says ok';
  const summary = report.diagnoses[0]?.summary ?? '';
  if (!(REFERENCE_SUMMARIES[entry.name] ?? /^$/).test(summary)) return `summary ${JSON.stringify(summary)}`;
  const evidence = report.diagnoses[0]?.evidence ?? {};
  for (const [key, value] of Object.entries(entry.evidence ?? {}))
    if (JSON.stringify((evidence as Record<string, unknown>)[key]) !== JSON.stringify(value))
      return `evidence ${key}=${JSON.stringify((evidence as Record<string, unknown>)[key])}, expected ${JSON.stringify(value)}`;
  return undefined;
}
