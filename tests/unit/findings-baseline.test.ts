import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CATALOGUE, DIAGNOSIS_CODES } from '../../helpers/diagnosis/catalogue';
import { ConfigError } from '../../helpers/errors/authcanary-error';
import { readBaseline, type Baseline } from '../../helpers/report/baseline';
import { groupFindings, UNDIAGNOSED } from '../../helpers/report/findings';
import { judge } from '../../helpers/report/judge';
import type { CheckSummary } from '../../helpers/report/summary';

const NOW = Date.parse('2026-11-23T12:00:00Z');

function check(id: string, status: CheckSummary['status'], codes: string[]): CheckSummary {
  return {
    id,
    title: `refuses: ${id}`,
    file: 'tests/rest/negative.spec.ts',
    project: 'rest',
    status,
    durationMs: 1,
    diagnoses: codes.map((code) => ({ code, summary: `${id}: ${code}` })),
  };
}

/** 15 checks with a missing challenge, 2 with a real hole, one passed, one failed without a code. */
const CHECKS: CheckSummary[] = [
  ...Array.from({ length: 15 }, (_, index) => check(`case-${index}`, 'failed', ['AC_WWW_AUTHENTICATE_MISSING'])),
  check('alg-none', 'failed', ['AC_INVALID_TOKEN_ACCEPTED']),
  check('expired', 'failed', ['AC_INVALID_TOKEN_ACCEPTED', 'AC_INVALID_TOKEN_ACCEPTED']),
  check('fine', 'passed', ['AC_COOKIE_THIRD_PARTY_BLOCKED']),
  check('mystery', 'timedOut', []),
];

test('severity: every entry has one; security holes are errors, standards gaps warnings', () => {
  for (const code of DIAGNOSIS_CODES) expect(['error', 'warning'], code).toContain(CATALOGUE[code].severity);
  for (const code of ['AC_INVALID_TOKEN_ACCEPTED', 'AC_WS_UNAUTHENTICATED_ACCEPTED', 'AC_INVALID_TOKEN_5XX'] as const)
    expect(CATALOGUE[code].severity).toBe('error');
  for (const code of ['AC_WWW_AUTHENTICATE_MISSING', 'AC_EXP_NOT_REQUIRED', 'AC_WS_EXPIRY_NOT_ENFORCED'] as const)
    expect(CATALOGUE[code].severity).toBe('warning');
});

test('one root cause, once: 15 checks with the same code are one finding with 15 places, ranked', () => {
  const findings = groupFindings(CHECKS);
  expect(findings.map((finding) => [finding.code, finding.severity, finding.checks])).toEqual([
    ['AC_INVALID_TOKEN_ACCEPTED', 'error', 2],
    [UNDIAGNOSED, 'error', 1],
    ['AC_WWW_AUTHENTICATE_MISSING', 'warning', 15],
    ['AC_COOKIE_THIRD_PARTY_BLOCKED', 'warning', 1],
  ]);
  expect(findings[2]?.places).toHaveLength(15);
});

test('a warning a passed check reported is a finding (failOn=warning fails on it); a reported error is not', () => {
  const passed = [check('blocked-world', 'passed', ['AC_COOKIE_THIRD_PARTY_BLOCKED', 'AC_COOKIE_OLD_TOKEN_ACCEPTED'])];
  const findings = groupFindings(passed);
  expect(findings.map((finding) => [finding.code, finding.severity, finding.places[0]?.summary])).toEqual([
    ['AC_COOKIE_THIRD_PARTY_BLOCKED', 'warning', 'blocked-world: AC_COOKIE_THIRD_PARTY_BLOCKED'],
  ]);
  expect(judge({ findings, failOn: 'error', nowMs: NOW, runnerFailed: false }).verdict).toBe('passed');
  expect(judge({ findings, failOn: 'warning', nowMs: NOW, runnerFailed: false }).reasons).toEqual([
    'AC_COOKIE_THIRD_PARTY_BLOCKED: new warning on 1 check(s)',
  ]);
  expect(groupFindings([check('skipped', 'skipped', ['AC_COOKIE_THIRD_PARTY_BLOCKED'])])).toEqual([]);
});

test('warnings are reported but fail the run only with failOn=warning', () => {
  const warningsOnly = groupFindings(CHECKS.slice(0, 15));
  expect(judge({ findings: warningsOnly, failOn: 'error', nowMs: NOW, runnerFailed: false }).verdict).toBe('passed');
  const strict = judge({ findings: warningsOnly, failOn: 'warning', nowMs: NOW, runnerFailed: false });
  expect(strict.verdict).toBe('failed');
  expect(strict.reasons).toEqual(['AC_WWW_AUTHENTICATE_MISSING: new warning on 15 check(s)']);
});

test('a runner failure with no failed check never passes', () => {
  expect(judge({ findings: [], failOn: 'error', nowMs: NOW, runnerFailed: true }).verdict).toBe('failed');
  expect(judge({ findings: [], failOn: 'error', nowMs: NOW, runnerFailed: false }).verdict).toBe('passed');
});

test('baseline: known findings pass, new ones fail, expired acknowledgments fail, unmatched entries are fixed', () => {
  const findings = groupFindings(CHECKS.slice(0, 17));
  const baseline: Baseline = {
    schema: 'authcanary/baseline/v1',
    findings: [
      { code: 'AC_WWW_AUTHENTICATE_MISSING', reason: 'gateway strips it; ticket OPS-1', expires: '2026-11-23' },
      { code: 'AC_INVALID_TOKEN_ACCEPTED', check: 'alg-none', reason: 'accepted risk until the verifier upgrade' },
      { code: 'AC_SIGNUP_OPEN', reason: 'fixed since' },
    ],
  };
  const today = judge({ findings, baseline, failOn: 'warning', nowMs: NOW, runnerFailed: false });
  // The alg-none place is acknowledged, the expired-token place is not: the finding is new.
  expect(today.findings.map((finding) => [finding.code, finding.status])).toEqual([
    ['AC_INVALID_TOKEN_ACCEPTED', 'new'],
    ['AC_WWW_AUTHENTICATE_MISSING', 'known'],
  ]);
  expect(today.verdict).toBe('failed');
  expect(today.fixed.map((entry) => entry.code)).toEqual(['AC_SIGNUP_OPEN']);

  const onlyKnown = judge({
    findings: findings.slice(1),
    baseline,
    failOn: 'warning',
    nowMs: NOW,
    runnerFailed: false,
  });
  expect(onlyKnown.verdict).toBe('passed');
  // The last day of the acknowledgment is over: the finding fails again, whatever its severity.
  const tomorrow = judge({
    findings: findings.slice(1),
    baseline,
    failOn: 'error',
    nowMs: Date.parse('2026-11-24T00:00:00Z'),
    runnerFailed: false,
  });
  expect(tomorrow.findings[0]?.status).toBe('expired');
  expect(tomorrow.verdict).toBe('failed');
  expect(tomorrow.reasons).toEqual(['AC_WWW_AUTHENTICATE_MISSING: acknowledgment expired on 2026-11-23']);
});

test('a bad baseline file is a ConfigError naming the entry and key, never silently ignored', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'authcanary-baseline-')), 'authcanary-baseline.json');
  writeFileSync(
    file,
    JSON.stringify({ schema: 'authcanary/baseline/v1', findings: [{ code: 'AC_X', reason: '', expires: 'soon' }] }),
  );
  let error: unknown;
  try {
    readBaseline(file);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).issues.map((issue) => issue.key).sort()).toEqual([
    'findings.0.expires',
    'findings.0.reason',
  ]);
});
