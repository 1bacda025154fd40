import { expect, test } from '@playwright/test';
import { groupFindings } from '../../helpers/report/findings';
import { judge } from '../../helpers/report/judge';
import type { CheckSummary } from '../../helpers/report/summary';

/** The preflight's deployed-config drift in summary.json: a root cause once, whether or not a check was refused by it. */
const DRIFT = {
  code: 'AC_DEPLOYED_CONFIG_DRIFT',
  summary:
    'preflight: the API runs with other auth settings than the clients get (TARGET_CONFIG_COMMAND (cat)): algorithms',
};

function check(id: string, status: CheckSummary['status'], codes: string[]): CheckSummary {
  return {
    id,
    title: id,
    file: 'tests/rest/routes.spec.ts',
    project: 'rest',
    status,
    durationMs: 1,
    diagnoses: codes.map((code) => ({ code, summary: `${id}: ${code}` })),
  };
}

test('no check refused by the drift: the preflight finding is the root cause and fails the run', () => {
  const findings = groupFindings([check('routes', 'passed', [])], [], [DRIFT]);
  expect(findings.map((finding) => [finding.code, finding.checks, finding.places[0]?.checkId])).toEqual([
    ['AC_DEPLOYED_CONFIG_DRIFT', 1, 'preflight'],
  ]);
  expect(findings[0]?.places[0]?.summary).toBe(DRIFT.summary);
  const judgement = judge({ findings, baseline: undefined, failOn: 'error', nowMs: 0, runnerFailed: false, ran: [] });
  expect(judgement.verdict).toBe('failed');
});

test('checks refused for the same cause carry its code: one finding, their places, no preflight duplicate', () => {
  const findings = groupFindings(
    [check('routes', 'failed', ['AC_DEPLOYED_CONFIG_DRIFT']), check('refresh', 'failed', ['AC_DEPLOYED_CONFIG_DRIFT'])],
    [],
    [DRIFT],
  );
  expect(findings.map((finding) => [finding.code, finding.checks])).toEqual([['AC_DEPLOYED_CONFIG_DRIFT', 2]]);
  expect(findings[0]?.places.map((place) => place.checkId)).toEqual(['routes', 'refresh']);
});
