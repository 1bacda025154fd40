import { REST_FAULT_CASES } from './rest';
import type { FaultCase } from './types';

export interface DoctorCase {
  readonly row: FaultCase;
  /** The code the doctor must name first. */
  readonly expectedFirst: string;
  /** Extra doctor arguments (the request a developer would replay). */
  readonly args: readonly string[];
}

const restRow = (name: string): FaultCase => {
  const row = REST_FAULT_CASES.find((entry) => (entry.label ?? entry.fault) === name || entry.fault === name);
  if (!row) throw new Error(`no REST fault case ${name}`);
  return row;
};

/**
 * Every REST fault that yields a 401/403/5xx (or a silent drift) on a protected route, and what a developer would
 * replay: by default the route with the token the doctor obtains by logging in. signup-open is not a refusal.
 */
export const DOCTOR_CASES: DoctorCase[] = [
  ...REST_FAULT_CASES.filter(
    (row) => !['signup-open', 'invalid-token-500', 'cookie-ignored', 'cookie-token-base64'].includes(row.fault),
  ).map((row) => ({ row, expectedFirst: row.expectedCode, args: ['--url', '/api/v1/me'] })),
  // The developer replays the broken token they have; the valid control tells the two cases apart.
  {
    row: restRow('invalid-token-500'),
    expectedFirst: 'AC_INVALID_TOKEN_5XX',
    args: ['--url', '/api/v1/me', '--token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LWEtc2lnbmF0dXJl'],
  },
  // The developer replays the request as the browser sends it: the token in the cookie.
  {
    row: restRow('cookie-ignored'),
    expectedFirst: 'AC_COOKIE_IGNORED',
    args: ['--url', '/api/v1/me', '--cookie', 'access_token={minted}'],
  },
  // The developer replays the cookie the browser got: a token re-encoded with standard base64.
  {
    row: restRow('cookie-token-base64'),
    expectedFirst: 'AC_TOKEN_ENCODING_MISMATCH',
    args: ['--url', '/api/v1/me', '--cookie', 'access_token={minted-standard-base64}'],
  },
];
