import { expect, test } from '@playwright/test';
import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import { acceptedNegativeCode } from '../../helpers/diagnosis/accepted-negative';
import { downIsFresh, uncodedFailure } from '../../helpers/diagnosis/verdicts/check-outcome';
import { judgeRouteStatus } from '../../helpers/diagnosis/verdicts/expected-status';
import { droppedConnectionRefuses, judgeNegativeAnswer } from '../../helpers/diagnosis/verdicts/negative-token';
import { judgeTokenDelivery } from '../../helpers/diagnosis/verdicts/token-delivery';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { RETRYABLE_STATUSES, shouldRetry, defaultRetryPolicy } from '../../helpers/http/retry-policy';
import { GATEWAY_STATUSES, isInfraStatus, statusClass, type StatusAnswer } from '../../helpers/http/status-verdict';

/** Every status judged once: the pure verdict functions the specs call, as tables. */

const at = (status: number, extra: Partial<StatusAnswer> = {}): StatusAnswer => ({
  status,
  method: 'GET',
  url: 'http://127.0.0.1:8080/api/v1/me',
  ...extra,
});

test('status classes: 3xx is its own class, 429/502/503/504 are the gateway, the retry policy retries exactly those', () => {
  const table: [number, string][] = [
    [200, 'accepted'],
    [204, 'accepted'],
    [301, 'redirect'],
    [302, 'redirect'],
    [307, 'redirect'],
    [308, 'redirect'],
    [400, 'refused'],
    [401, 'refused'],
    [403, 'refused'],
    [422, 'refused'],
    [429, 'gateway'],
    [431, 'refused'],
    [500, 'server-error'],
    [501, 'server-error'],
    [502, 'gateway'],
    [503, 'gateway'],
    [504, 'gateway'],
    [101, 'other'],
  ];
  for (const [status, kind] of table) expect(statusClass(status), String(status)).toBe(kind);
  expect([...GATEWAY_STATUSES].sort()).toEqual([429, 502, 503, 504]);
  expect(RETRYABLE_STATUSES).toBe(GATEWAY_STATUSES);
  expect([301, 429, 503].map(isInfraStatus)).toEqual([true, true, true]);
  expect([200, 401, 500].map(isInfraStatus)).toEqual([false, false, false]);
});

test('a timeout is never retried (it would multiply the wait); refused and reset connections are', () => {
  const policy = defaultRetryPolicy(2);
  expect(shouldRetry('GET', { errorCode: 'ETIMEDOUT' }, 1, policy)).toBe(false);
  expect(shouldRetry('GET', { errorCode: 'UND_ERR_HEADERS_TIMEOUT' }, 1, policy)).toBe(false);
  expect(shouldRetry('GET', { errorCode: 'ECONNREFUSED' }, 1, policy)).toBe(true);
  expect(shouldRetry('GET', { errorCode: 'ECONNRESET' }, 2, policy)).toBe(true);
  expect(shouldRetry('POST', { errorCode: 'ECONNREFUSED' }, 1, policy)).toBe(false);
});

const contract = { badTokenStatuses: [401], expectWwwAuthenticate: true };
const negative = (
  caseId: string,
  status: number,
  controlStatus: number | undefined,
  extra: Partial<Parameters<typeof judgeNegativeAnswer>[0]> = {},
) =>
  judgeNegativeAnswer({
    caseId,
    title: caseId,
    answer: at(status, extra.answer),
    bearerChallenge: true,
    controlStatus,
    contract,
    ...extra,
  });

test('negative tokens: a redirect or gateway answer is never acceptance; 5xx depends on the control', () => {
  const rows: [string, number, number | undefined, string | undefined][] = [
    // case, status, control, code
    ['alg-none', 401, 200, undefined],
    ['alg-none', 200, 200, 'AC_INVALID_TOKEN_ACCEPTED'],
    ['alg-none', 204, 200, 'AC_INVALID_TOKEN_ACCEPTED'],
    ['alg-none', 301, 301, 'AC_INFRA_REDIRECT'],
    ['alg-none', 302, 200, 'AC_INFRA_REDIRECT'],
    ['no-credentials', 301, undefined, 'AC_INFRA_REDIRECT'],
    ['no-credentials', 200, 200, 'AC_MISSING_CREDENTIALS_ACCEPTED'],
    ['expired', 429, 200, 'AC_INFRA_RATE_LIMITED'],
    ['expired', 503, 200, 'AC_INFRA_5XX'],
    ['expired', 504, 200, 'AC_INFRA_5XX'],
    ['expired', 500, 200, 'AC_INVALID_TOKEN_5XX'],
    ['garbage', 500, 500, 'AC_AUTH_COMPONENT_BROKEN'],
    ['garbage', 500, 401, 'AC_INCONCLUSIVE'],
    ['garbage', 500, undefined, 'AC_INCONCLUSIVE'],
    ['expired', 404, 200, 'AC_UNEXPECTED_STATUS'],
    ['expired', 403, 200, 'AC_UNEXPECTED_STATUS'],
    ['oversized', 200, 200, 'AC_OVERSIZED_TOKEN_ACCEPTED'],
    ['oversized', 431, 200, undefined],
    ['unknown-crit', 200, 200, 'AC_UNKNOWN_CRIT_ACCEPTED'],
    ['wrong-secret', 200, 200, 'AC_INVALID_TOKEN_ACCEPTED'],
    ['weak-secret-secret', 200, 200, 'AC_WEAK_SECRET_ACCEPTED'],
    ['no-exp', 200, 200, 'AC_EXP_NOT_REQUIRED'],
  ];
  for (const [caseId, status, control, code] of rows)
    expect(
      negative(caseId, status, control, caseId === 'oversized' ? { alsoRefusals: [400, 413, 431] } : {})?.code,
      `${caseId} ${status} (control ${control})`,
    ).toBe(code);
});

test('negative tokens: the declared contract decides what a refusal is; a 401 without its challenge is a warning', () => {
  const flask = { badTokenStatuses: [401, 422], expectWwwAuthenticate: false };
  expect(negative('tampered-payload', 422, 200, { contract: flask })).toBeUndefined();
  expect(negative('tampered-payload', 422, 200)?.code).toBe('AC_UNEXPECTED_STATUS');
  expect(negative('tampered-payload', 401, 200, { bearerChallenge: false })?.code).toBe('AC_WWW_AUTHENTICATE_MISSING');
  expect(negative('tampered-payload', 401, 200, { bearerChallenge: false, contract: flask })).toBeUndefined();
});

test('the summary a user reads says what happened and never calls a redirect an acceptance', () => {
  const redirect = negative('alg-none', 301, 301, {
    answer: at(301, { location: 'https://127.0.0.1:8080/api/v1/me' }),
  });
  expect(redirect?.summary).toBe(
    'alg-none: GET http://127.0.0.1:8080/api/v1/me answered 301 to https://127.0.0.1:8080/api/v1/me: a redirect is neither an acceptance nor a refusal; infrastructure, not an auth verdict',
  );
  const loop = negative('alg-none', 302, 302, { answer: at(302, { location: '/api/v1/me' }) });
  expect(loop?.code).toBe('AC_INFRA_REDIRECT_LOOP');
  expect(loop?.summary).toContain('pointing back to itself');
  expect(negative('expired', 500, 200)?.summary).toBe(
    'expired: answered 500 while the valid control got 200; must be 401',
  );
  expect(negative('garbage', 500, 500)?.summary).toContain('the valid control on the same route gets 500 too');
  const oversized = negative('oversized', 200, 200, { evidence: { authorizationBytes: 87_440 } });
  expect(oversized?.evidence).toMatchObject({ authorizationBytes: 87_440, status: 200 });
});

test('hardening codes are warnings of kind auth; redirects are infra errors; AC_CHECK_ERROR is inconclusive', () => {
  for (const code of ['AC_OVERSIZED_TOKEN_ACCEPTED', 'AC_UNKNOWN_CRIT_ACCEPTED'] as const)
    expect(CATALOGUE[code]).toMatchObject({ kind: 'auth', severity: 'warning' });
  for (const code of ['AC_INFRA_REDIRECT', 'AC_INFRA_REDIRECT_LOOP'] as const)
    expect(CATALOGUE[code]).toMatchObject({ kind: 'infra', severity: 'error' });
  expect(CATALOGUE.AC_CHECK_ERROR.kind).toBe('inconclusive');
  expect(acceptedNegativeCode('alg-none')).toBe('AC_INVALID_TOKEN_ACCEPTED');
});

test('an oversized request cut off on the wire is a refusal of what was sent; any other dropped case is not', () => {
  expect(droppedConnectionRefuses('oversized', 'ECONNRESET')).toBe(true);
  expect(droppedConnectionRefuses('oversized', 'UND_ERR_SOCKET')).toBe(true);
  expect(droppedConnectionRefuses('oversized', 'ECONNREFUSED')).toBe(false);
  expect(droppedConnectionRefuses('oversized', 'ETIMEDOUT')).toBe(false);
  expect(droppedConnectionRefuses('alg-none', 'ECONNRESET')).toBe(false);
});

test('route status against the declared one: infra first, then scope/role, then the ladder, else unexpected', () => {
  const judge = (expected: number, status: number, extra: Partial<StatusAnswer> = {}) =>
    judgeRouteStatus({ route: 'GET /api/v1/me', expected, answer: at(status, extra) });
  expect(judge(200, 200)).toEqual({ verdict: 'as-declared' });
  const rows: [number, number, string][] = [
    [200, 301, 'AC_INFRA_REDIRECT'],
    [200, 429, 'AC_INFRA_RATE_LIMITED'],
    [200, 502, 'AC_INFRA_5XX'],
    [403, 200, 'AC_ROLE_NOT_ENFORCED'],
    [200, 404, 'AC_UNEXPECTED_STATUS'],
  ];
  for (const [expected, status, code] of rows) {
    const judged = judge(expected, status);
    expect(judged.verdict, `${expected} vs ${status}`).toBe('settled');
    if (judged.verdict === 'settled') expect(judged.diagnoses.map((entry) => entry.code)).toEqual([code]);
  }
  for (const [expected, status] of [
    [200, 401],
    [200, 403],
    [200, 500],
    [403, 401],
  ])
    expect(judge(expected!, status!).verdict, `${expected} vs ${status}`).toBe('diagnose');
  const scoped = judgeRouteStatus({
    route: 'GET /admin',
    expected: 403,
    answer: at(200),
    token: `e30.${Buffer.from(JSON.stringify({ scope: 'projects:read' })).toString('base64url')}.x`,
  });
  expect(scoped.verdict === 'settled' && scoped.diagnoses[0]?.code).toBe('AC_SCOPE_NOT_ENFORCED');
});

test('token by header, cookie and both: a gateway on any of them is infra, not a transport finding', () => {
  const judge = (header: number, cookie: number, both: number) =>
    judgeTokenDelivery({
      route: 'GET /api/v1/projects',
      cookieName: 'access_token',
      header: at(header),
      cookie: at(cookie),
      both: at(both),
    })?.code;
  expect(judge(200, 200, 200)).toBeUndefined();
  expect(judge(200, 200, 400)).toBeUndefined();
  expect(judge(200, 401, 200)).toBe('AC_COOKIE_IGNORED');
  expect(judge(401, 200, 200)).toBe('AC_HEADER_IGNORED');
  expect(judge(401, 401, 401)).toBe('AC_UNEXPECTED_STATUS');
  expect(judge(200, 200, 500)).toBe('AC_UNEXPECTED_STATUS');
  expect(judge(429, 429, 429)).toBe('AC_INFRA_RATE_LIMITED');
  expect(judge(200, 503, 200)).toBe('AC_INFRA_5XX');
  expect(judge(301, 301, 301)).toBe('AC_INFRA_REDIRECT');
});

test('a failed check without a code: target lost when the probe finds it down, else a check error; both inconclusive', () => {
  const down = diagnosis('AC_INFRA_TIMEOUT', 'preflight: the health is unreachable: no answer in time');
  expect(uncodedFailure(down, 'x')).toMatchObject({
    code: 'AC_INFRA_TARGET_LOST',
    summary: 'the check failed while the target is down: preflight: the health is unreachable: no answer in time',
  });
  expect(uncodedFailure(undefined, 'expect(received).toBe(expected)\n\nExpected: 1')).toMatchObject({
    code: 'AC_CHECK_ERROR',
    summary: 'expect(received).toBe(expected)',
  });
  for (const code of ['AC_INFRA_TARGET_LOST', 'AC_CHECK_ERROR'] as const)
    expect(CATALOGUE[code].kind).toBe('inconclusive');
});

test("only a quick probe's own fresh finding skips the next check without probing again", () => {
  const now = Date.parse('2026-12-04T09:00:10Z');
  expect(downIsFresh({ probed: true, at: '2026-12-04T09:00:08Z' }, now)).toBe(true);
  expect(downIsFresh({ probed: true, at: '2026-12-04T09:00:04Z' }, now)).toBe(false);
  expect(downIsFresh({ at: '2026-12-04T09:00:09Z' }, now)).toBe(false);
  expect(downIsFresh({ probed: true, at: 'garbage' }, now)).toBe(false);
  expect(downIsFresh(undefined, now)).toBe(false);
});
