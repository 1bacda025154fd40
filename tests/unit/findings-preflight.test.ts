import { expect, test } from '@playwright/test';
import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import { DEPLOYED_SETTING_SYMPTOMS, symptomsOfDrift } from '../../helpers/diagnosis/deployed-setting-symptoms';
import { deployedConfigDiagnosis } from '../../helpers/diagnosis/ladder/deployed-config-diagnosis';
import { CONFIG_MEANINGS } from '../../helpers/env/evidence-keys';
import { groupFindings, preflightFinding } from '../../helpers/report/findings';
import { renderFrontPage } from '../../helpers/report/front-page';
import { judge } from '../../helpers/report/judge';
import { junitFromSummary } from '../../helpers/report/junit';
import type { CheckSummary, RunSummary } from '../../helpers/report/summary';

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

/** The preflight's drift of one deployed setting, as `authcanary run` writes it to preflight.json. */
const driftOf = (settings: string[], summary = `preflight: ${settings.join(', ')} differ`) => ({
  code: 'AC_DEPLOYED_CONFIG_DRIFT',
  summary,
  settings,
});

const LOG_LINE = 'the API log line for this request: Client ID ("audience") not allowed';

const groupingRows: {
  name: string;
  settings: string[];
  checkCodes: string[];
  /** Root causes, in rank order, with how many checks each explains. */
  rootCauses: [string, number][];
}[] = [
  {
    name: 'pool drift explains the log code "kid not in the API JWKS"',
    settings: ['pool'],
    checkCodes: ['AC_KID_NOT_IN_API_JWKS', 'AC_KID_NOT_IN_API_JWKS'],
    rootCauses: [['AC_DEPLOYED_CONFIG_DRIFT', 2]],
  },
  {
    name: 'audience drift explains AC_AUDIENCE_DRIFT',
    settings: ['audience'],
    checkCodes: ['AC_AUDIENCE_DRIFT'],
    rootCauses: [['AC_DEPLOYED_CONFIG_DRIFT', 1]],
  },
  {
    name: 'issuer drift explains the generic "refuses its own tokens" (no log)',
    settings: ['issuer'],
    checkCodes: ['AC_API_REFUSES_OWN_TOKENS'],
    rootCauses: [['AC_DEPLOYED_CONFIG_DRIFT', 1]],
  },
  {
    name: 'algorithm drift explains AC_ALG_DRIFT',
    settings: ['algorithms'],
    checkCodes: ['AC_ALG_DRIFT'],
    rootCauses: [['AC_DEPLOYED_CONFIG_DRIFT', 1]],
  },
  {
    name: 'a missing JWT library is not explained by a pool drift: two root causes',
    settings: ['pool'],
    checkCodes: ['AC_AUTH_LIBRARY_NOT_LOADED', 'AC_AUTH_LIBRARY_NOT_LOADED'],
    rootCauses: [
      ['AC_AUTH_LIBRARY_NOT_LOADED', 2],
      ['AC_DEPLOYED_CONFIG_DRIFT', 1],
    ],
  },
  {
    name: 'an audience drift does not explain an unknown kid: two root causes',
    settings: ['audience'],
    checkCodes: ['AC_KID_NOT_IN_API_JWKS'],
    rootCauses: [
      ['AC_DEPLOYED_CONFIG_DRIFT', 1],
      ['AC_KID_NOT_IN_API_JWKS', 1],
    ],
  },
  {
    name: 'two settings drift: each explains its own symptom, one root cause',
    settings: ['pool', 'audience'],
    checkCodes: ['AC_KID_NOT_IN_API_JWKS', 'AC_AUDIENCE_DRIFT'],
    rootCauses: [['AC_DEPLOYED_CONFIG_DRIFT', 2]],
  },
  {
    name: 'a preflight finding without settings takes in nothing',
    settings: [],
    checkCodes: ['AC_AUDIENCE_DRIFT'],
    rootCauses: [
      ['AC_AUDIENCE_DRIFT', 1],
      ['AC_DEPLOYED_CONFIG_DRIFT', 1],
    ],
  },
];

for (const row of groupingRows)
  test(`preflight grouping: ${row.name}`, () => {
    const checks = row.checkCodes.map((code, index) => check(`check-${index}`, 'failed', [code]));
    const findings = groupFindings(checks, [], [driftOf(row.settings)]);
    expect(findings.map((finding) => [finding.code, finding.checks])).toEqual(row.rootCauses);
  });

test('the merged finding keeps both pieces of evidence: the setting first, then each check with its own code', () => {
  const refused: CheckSummary = {
    ...check('me', 'failed', []),
    diagnoses: [{ code: 'AC_AUDIENCE_DRIFT', summary: LOG_LINE }],
  };
  const drift = driftOf(
    ['audience'],
    'preflight: the API runs with other auth settings than the clients get (cat): audience: deployed APP_CLIENT_ID="x"',
  );
  const [finding, ...rest] = groupFindings([refused, check('routes', 'passed', [])], [], [drift]);
  expect(rest).toEqual([]);
  expect(finding?.code).toBe('AC_DEPLOYED_CONFIG_DRIFT');
  expect(finding?.severity).toBe('error');
  expect(finding?.places).toEqual([
    { checkId: 'preflight', title: 'preflight (before the checks)', project: 'preflight', summary: drift.summary },
    { checkId: 'me', title: 'me', project: 'rest', summary: LOG_LINE, symptom: 'AC_AUDIENCE_DRIFT' },
  ]);
  // The verdict names the one root cause, on the check it refused.
  const judgement = judge({
    findings: groupFindings([refused], [], [drift]),
    baseline: undefined,
    failOn: 'error',
    nowMs: 0,
    runnerFailed: false,
    ran: [],
  });
  expect(judgement.reasons).toEqual(['AC_DEPLOYED_CONFIG_DRIFT: new error on 1 check(s)']);
});

test('a check carrying the drift code and a symptom counts once, and keeps both pieces of evidence', () => {
  const both: CheckSummary = {
    ...check('me', 'failed', []),
    diagnoses: [
      { code: 'AC_DEPLOYED_CONFIG_DRIFT', summary: 'ladder: deployed audience differs' },
      { code: 'AC_AUDIENCE_DRIFT', summary: LOG_LINE },
    ],
  };
  const findings = groupFindings([both], [], [driftOf(['audience'])]);
  expect(findings.map((finding) => [finding.code, finding.checks])).toEqual([['AC_DEPLOYED_CONFIG_DRIFT', 1]]);
  expect(findings[0]?.places.map((place) => [place.checkId, place.symptom])).toEqual([
    ['preflight', undefined],
    ['me', undefined],
    ['me', 'AC_AUDIENCE_DRIFT'],
  ]);
});

test('a check refused for two drifted settings counts once; JUnit finds the root cause for each of its codes', () => {
  const twice: CheckSummary = {
    ...check('me', 'failed', []),
    diagnoses: [
      { code: 'AC_KID_NOT_IN_API_JWKS', summary: 'log: JWK for kid abc not found' },
      { code: 'AC_AUDIENCE_DRIFT', summary: LOG_LINE },
    ],
  };
  const findings = groupFindings([twice], [], [driftOf(['pool', 'audience'])]);
  expect(findings.map((finding) => [finding.code, finding.checks])).toEqual([['AC_DEPLOYED_CONFIG_DRIFT', 1]]);
  expect(findings[0]?.places.map((place) => place.symptom)).toEqual([
    undefined,
    'AC_KID_NOT_IN_API_JWKS',
    'AC_AUDIENCE_DRIFT',
  ]);
  const judgement = judge({
    findings,
    baseline: { schema: 'authcanary/baseline/v1', findings: [{ code: 'AC_DEPLOYED_CONFIG_DRIFT', reason: 'known' }] },
    failOn: 'error',
    nowMs: 0,
    runnerFailed: false,
  });
  const junit = junitFromSummary({
    schema: 'authcanary/summary/v1',
    env: 'staging',
    target: { baseUrl: 'https://api.example.test', authUrl: 'https://api.example.test' },
    secret: null,
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    verdict: judgement.verdict,
    totals: { passed: 0, failed: 1, skipped: 0, flaky: 0 },
    diagnosisCounts: {},
    checks: [twice],
    findings: judgement.findings,
  });
  expect(junit).toContain('failures="0"');
  expect(junit.match(/value="AC_DEPLOYED_CONFIG_DRIFT error known"/g)).toHaveLength(2);
});

test('every code the setting→symptom table names is in the catalogue; every deployed setting has a row', () => {
  for (const meaning of CONFIG_MEANINGS) {
    const codes = DEPLOYED_SETTING_SYMPTOMS[meaning];
    expect(codes.length, meaning).toBeGreaterThan(0);
    for (const code of codes) expect(Object.keys(CATALOGUE), `${meaning} → ${code}`).toContain(code);
  }
  // A code no deployed setting can explain (infrastructure, a broken handler) is never a symptom.
  expect(symptomsOfDrift([...CONFIG_MEANINGS]).has('AC_AUTH_LIBRARY_NOT_LOADED')).toBe(false);
  expect(symptomsOfDrift([...CONFIG_MEANINGS]).has('AC_INFRA_TIMEOUT')).toBe(false);
  expect(symptomsOfDrift(['not-a-setting']).size).toBe(0);
});

test('preflight.json records which deployed settings drifted, from the comparison itself', () => {
  const drifts = [
    {
      meaning: 'pool' as const,
      deployedKey: 'COGNITO_USER_POOL_ID',
      deployed: 'us-east-1_Other',
      expected: 'us-east-1_Ref000Pool',
      expectedFrom: 'OIDC_ISSUER',
      spellingOnly: false,
    },
    {
      meaning: 'audience' as const,
      deployedKey: 'COGNITO_APP_CLIENT_ID',
      deployed: 'other-client',
      expected: 'ref-client',
      expectedFrom: 'OAUTH_CLIENT_ID',
      spellingOnly: false,
    },
  ];
  const drift = deployedConfigDiagnosis(drifts, 'TARGET_CONFIG_COMMAND (cat)');
  expect(drift?.code).toBe('AC_DEPLOYED_CONFIG_DRIFT');
  const recorded = preflightFinding(drift!);
  expect(recorded).toEqual({
    code: 'AC_DEPLOYED_CONFIG_DRIFT',
    summary: drift?.summary,
    settings: ['pool', 'audience'],
  });
});

test('JUnit and the front page agree with the root cause: the symptom check fails under the drift, known with it', () => {
  const refused: CheckSummary = {
    ...check('me', 'failed', []),
    title: 'GET /api/v1/me with the login token',
    diagnoses: [{ code: 'AC_KID_NOT_IN_API_JWKS', summary: 'log: JWK for kid abc not found' }],
  };
  const drift = driftOf(['pool'], 'preflight: pool: deployed POOL="us-east-1_Other", OIDC_ISSUER says "us-east-1_Ref"');
  const summaryOf = (known: string[]): RunSummary => {
    const judgement = judge({
      findings: groupFindings([refused], [], [drift]),
      baseline: {
        schema: 'authcanary/baseline/v1',
        findings: known.map((code) => ({ code, reason: 'accepted for now' })),
      },
      failOn: 'error',
      nowMs: 0,
      runnerFailed: false,
    });
    return {
      schema: 'authcanary/summary/v1',
      env: 'staging',
      target: { baseUrl: 'https://api.example.test', authUrl: 'https://api.example.test' },
      secret: null,
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      verdict: judgement.verdict,
      totals: { passed: 0, failed: 1, skipped: 0, flaky: 0 },
      diagnosisCounts: { AC_KID_NOT_IN_API_JWKS: 1 },
      checks: [refused],
      findings: judgement.findings,
      preflight: [drift],
      verdictReasons: judgement.reasons,
    };
  };
  const red = summaryOf([]);
  const junit = junitFromSummary(red);
  expect(junit).toContain('failures="1"');
  expect(junit).toContain('type="AC_DEPLOYED_CONFIG_DRIFT"');
  expect(junit).toContain('AC_DEPLOYED_CONFIG_DRIFT ← AC_KID_NOT_IN_API_JWKS: log: JWK for kid abc not found');
  expect(junit).toContain('value="AC_DEPLOYED_CONFIG_DRIFT error new"');
  const page = renderFrontPage(red);
  expect(page).toContain('Failed — 1 reason');
  expect(page.match(/<article class="finding/g)).toHaveLength(1);
  expect(page).toContain('<code>AC_KID_NOT_IN_API_JWKS</code> (symptom)');
  expect(page).toContain('us-east-1_Other');
  // The root cause acknowledged in the baseline: its symptom is not red either.
  const known = summaryOf(['AC_DEPLOYED_CONFIG_DRIFT']);
  expect(known.verdict).toBe('passed');
  expect(junitFromSummary(known)).toContain('failures="0"');
  expect(junitFromSummary(known)).toContain('value="AC_DEPLOYED_CONFIG_DRIFT error known"');
});
