import { randomBytes } from 'node:crypto';
import { expect } from '@playwright/test';
import type { FaultCase } from '../cases/types';
import { runSuiteAgainstReference, type SuiteRun } from './run-suite';
import { scanForLeaks } from './scan-for-leaks';

/**
 * The two whole-suite runs of the self-test (every suite, Allure on): the fault matrix asserts their verdicts and
 * codes, then searches their reports and output for secrets, so one run serves both proofs.
 */

/**
 * The healthy target, every suite, with its Date header lagging 1–2 s and leeway 0: a healthy condition the harness
 * must not read as clock skew. Every check must pass.
 */
export const HEALTHY_RUN: FaultCase = { fault: 'date-lag', suite: 'rest', expectedCode: '' };

/**
 * One fault per suite at once, so every suite fails with its own code and attaches its evidence: REST a claims drift
 * behind a bare 401 (bisected through the suite's fixture), cookies a state-changing route without CSRF protection,
 * the browser storage that survives logout, WebSocket a broadcast that reaches the other user. The nameless cookie rides along for the
 * leak scan, and a second chain candidate (JWT_SECRET_KEY) that must not leak either. Each fault fails few checks:
 * every failed check costs Playwright a new worker.
 */
export const FAILING_RUN: FaultCase = {
  fault: 'audience-drift-opaque,csrf-unprotected,logout-keeps-storage,ws-broadcast-leak,cookie-nameless-session',
  suite: 'rest',
  expectedCode: '',
  env: { JWT_SECRET_KEY: randomBytes(32).toString('base64url') },
};

/** The code each suite of FAILING_RUN must fail with (a row of the fault table each). */
export const FAILING_RUN_EXPECTED: readonly FaultCase[] = [
  { fault: 'audience-drift-opaque', suite: 'rest', expectedCode: 'AC_AUDIENCE_DRIFT' },
  { fault: 'csrf-unprotected', suite: 'cookies', expectedCode: 'AC_CSRF_UNPROTECTED' },
  { fault: 'logout-keeps-storage', suite: 'browser', expectedCode: 'AC_COOKIE_STORAGE_SURVIVES_LOGOUT' },
  { fault: 'ws-broadcast-leak', suite: 'ws', expectedCode: 'AC_WS_ISOLATION_BROKEN' },
];

export function runWholeSuite(row: FaultCase, name: string): Promise<SuiteRun> {
  return runSuiteAgainstReference(row, { name, allure: true, allSuites: true });
}

/**
 * No secret, password or token in any file of the run's reports folder (HTML report and its embedded zip, JUnit,
 * Allure results and HTML, summary, test results) nor in the CLI's output, in any common encoding.
 */
export function expectNoLeaks(run: SuiteRun, row: FaultCase): void {
  const sensitive: Record<string, string> = {
    'the signing secret': run.secret,
    'the test user password': 'alice-password',
    'the admin password': 'ada-password',
  };
  if (row.env?.['JWT_SECRET_KEY']) sensitive['the other chain candidate'] = row.env['JWT_SECRET_KEY'];
  // The reference's nameless cookie (cookie-nameless-session) is random: looked for by its shape.
  const leaks = scanForLeaks(run.reportsDir, run.output, sensitive, {
    'a nameless cookie value': /opaqueSessionId[0-9a-f]{32}/,
  });
  expect(leaks, 'no secret, password or token in any report or output').toEqual([]);
}
