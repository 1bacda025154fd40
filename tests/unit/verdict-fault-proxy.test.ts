import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { controlRoute, routeUrl } from '../../helpers/auth/control-route';
import { runCookieFlow } from '../../helpers/cookies/cookie-flow';
import { judgeRouteStatus } from '../../helpers/diagnosis/verdicts/expected-status';
import { loginFailureCause } from '../../helpers/diagnosis/verdicts/login-prerequisite';
import { judgeNegativeAnswer } from '../../helpers/diagnosis/verdicts/negative-token';
import { judgeTokenDelivery } from '../../helpers/diagnosis/verdicts/token-delivery';
import { buildHarness, type Harness } from '../../helpers/harness';
import { TargetUnreachableError } from '../../helpers/http/errors';
import type { HttpClient } from '../../helpers/http/http-client';
import { probeTarget } from '../../helpers/http/probe-target';
import { answerOf, healthStatusOf, serverErrorDiagnosis } from '../../helpers/http/status-verdict';
import { parseWwwAuthenticate } from '../../helpers/http/www-authenticate';
import { startReference, type ReferenceTarget } from '../../reference/start';
import { startFaultProxy, type FaultProxy, type ProxyFault } from '../support/fault-proxy';

/**
 * Mid-run infrastructure faults, judged in process: the real reference target behind a loopback proxy that injects
 * one fault, the run's harness built as `authcanary run` builds it (env/local.env pointing at the proxy), and the
 * same verdict functions the suites call. No auth code may come out of any of them.
 */

const TIMEOUT_MS = 1_000;

interface Rig {
  readonly target: ReferenceTarget;
  readonly proxy: FaultProxy;
  readonly harness: Harness;
  readonly http: HttpClient;
  close(): Promise<void>;
}

async function rig(fault: ProxyFault, targetEnv: Record<string, string> = {}): Promise<Rig> {
  const secret = randomBytes(32).toString('base64url');
  const target = await startReference({ env: { APP_ENV: 'local', JWT_SECRET_LOCAL: secret, ...targetEnv }, port: 0 });
  const proxy = await startFaultProxy(target.url, fault);
  const harness = await buildHarness({
    envName: 'local',
    variables: {
      REFERENCE_TARGET: 'none',
      REFERENCE_PORT: String(target.port),
      TARGET_BASE_URL: proxy.url,
      JWT_SECRET_LOCAL: secret,
      HTTP_TIMEOUT: `${TIMEOUT_MS}ms`,
      HTTP_RETRIES: '2',
    },
  });
  // The run's own client: the declared retry policy (a gateway GET costs 100 + 200 ms of backoff here).
  const http = harness.http();
  return {
    target,
    proxy,
    harness,
    http,
    close: async () => {
      await http.close();
      await harness.close();
      await proxy.close();
      await target.close();
    },
  };
}

/** The valid control and one negative case on the control route, judged as the negative suite judges them. */
async function negativeVerdict(r: Rig, caseId: string, token: string | undefined) {
  const route = controlRoute(r.harness.config)!;
  const url = routeUrl(r.harness.config, route);
  const control = await r.http.send(url, { bearer: await r.harness.mint(), useJar: false, label: 'valid control' });
  const sent = await r.http.send(url, { ...(token ? { bearer: token } : {}), useJar: false, label: caseId });
  return judgeNegativeAnswer({
    caseId,
    title: caseId,
    answer: answerOf(sent),
    bearerChallenge: parseWwwAuthenticate(sent.header('www-authenticate')).some(
      (challenge) => challenge.scheme.toLowerCase() === 'bearer',
    ),
    controlStatus: control.status,
    contract: { ...r.harness.config.contract, expectWwwAuthenticate: r.harness.config.expectWwwAuthenticate },
  });
}

const ALG_NONE = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"alice"}').toString('base64url')}.`;

test('the proxy passes a healthy target through: preflight up, the control accepted, alg none refused', async () => {
  const r = await rig({ kind: 'none' });
  try {
    expect(await probeTarget(r.harness.config, { timeoutMs: TIMEOUT_MS, retries: 0 })).toEqual({ up: true });
    expect(await negativeVerdict(r, 'alg-none', ALG_NONE)).toBeUndefined();
    expect(await negativeVerdict(r, 'no-credentials', undefined)).toBeUndefined();
    expect(r.proxy.requests()).toBeGreaterThanOrEqual(7);
  } finally {
    await r.close();
  }
});

test('301 on every path (an http→https ingress): the preflight reports it, a negative case is never "accepted"', async () => {
  const r = await rig({ kind: 'redirect-everywhere' });
  try {
    const probe = await probeTarget(r.harness.config, { timeoutMs: TIMEOUT_MS, retries: 0 });
    expect(probe.up).toBe(false);
    if (!probe.up) {
      expect(probe.diagnosis.code).toBe('AC_INFRA_REDIRECT');
      expect(probe.diagnosis.summary).toBe(
        `preflight: the health: GET ${r.proxy.url}/health answered 301 to https://127.0.0.1:${r.proxy.port}/health: a redirect is neither an acceptance nor a refusal; infrastructure, not an auth verdict; no check follows redirects`,
      );
    }
    for (const [caseId, token] of [
      ['alg-none', ALG_NONE],
      ['no-credentials', undefined],
    ] as const)
      expect((await negativeVerdict(r, caseId, token))?.code, caseId).toBe('AC_INFRA_REDIRECT');
    const login = await r.harness.login(r.http);
    expect(login.token).toBeUndefined();
    expect((await loginFailureCause(login, r.harness.config, async () => 301))?.code).toBe('AC_INFRA_REDIRECT');
  } finally {
    await r.close();
  }
});

test('a redirect loop has its own code, in the preflight and in a check', async () => {
  const r = await rig({ kind: 'redirect-loop' });
  try {
    const probe = await probeTarget(r.harness.config, { timeoutMs: TIMEOUT_MS, retries: 0 });
    expect(!probe.up && probe.diagnosis.code).toBe('AC_INFRA_REDIRECT_LOOP');
    expect(!probe.up && probe.diagnosis.summary).toContain(
      `redirects in a loop (${r.proxy.url}/health → ${r.proxy.url}/health)`,
    );
    expect((await negativeVerdict(r, 'alg-none', ALG_NONE))?.code).toBe('AC_INFRA_REDIRECT_LOOP');
  } finally {
    await r.close();
  }
});

test('429 on one route: that route is rate-limited (infra) in the route and cookie checks; the others judge normally', async () => {
  const r = await rig({ kind: 'status-on-route', status: 429, method: 'GET', path: '/api/v1/projects' });
  try {
    expect((await probeTarget(r.harness.config, { timeoutMs: TIMEOUT_MS, retries: 0 })).up).toBe(true);
    const token = await r.harness.mint();
    const answer = async (path: string, headers: Record<string, string>) =>
      answerOf(await r.http.send(`${r.harness.config.target.baseUrl}${path}`, { headers, useJar: false }));
    const projects = await answer('/api/v1/projects', { authorization: `Bearer ${token}` });
    // GET is retried per the declared policy, then the gateway's answer stands.
    expect(projects.attempts).toBe(3);
    const judged = judgeRouteStatus({ route: 'GET /api/v1/projects', expected: 200, answer: projects, token });
    expect(judged.verdict === 'settled' && judged.diagnoses.map((entry) => entry.code)).toEqual([
      'AC_INFRA_RATE_LIMITED',
    ]);
    const delivery = judgeTokenDelivery({
      route: 'GET /api/v1/projects',
      cookieName: 'access_token',
      header: projects,
      cookie: await answer('/api/v1/projects', { cookie: `access_token=${token}` }),
      both: await answer('/api/v1/projects', { authorization: `Bearer ${token}`, cookie: `access_token=${token}` }),
    });
    expect(delivery?.code).toBe('AC_INFRA_RATE_LIMITED');
    expect(await negativeVerdict(r, 'alg-none', ALG_NONE)).toBeUndefined();
  } finally {
    await r.close();
  }
});

test('503 on the login POST: the login, the cookie flow and every check that needed the token carry AC_INFRA_5XX', async () => {
  const r = await rig({ kind: 'status-on-route', status: 503, method: 'POST', path: '/api/v1/auth/login' });
  try {
    expect((await probeTarget(r.harness.config, { timeoutMs: TIMEOUT_MS, retries: 0 })).up).toBe(true);
    const login = await r.harness.login(r.http);
    expect(login.exchange?.status).toBe(503);
    expect(login.exchange?.record.attempts).toBe(1);
    const cause = await loginFailureCause(login, r.harness.config, healthStatusOf(r.http, r.harness.config));
    expect(cause?.code).toBe('AC_INFRA_5XX');
    expect(cause?.summary).toContain('answered 503 (gateway or overload): infrastructure, not an auth verdict');
    const flow = await runCookieFlow(r.http, r.harness.config, r.harness.config.cookies!);
    expect(flow.token).toBeUndefined();
    const step = flow.steps[0]!;
    expect(
      (await serverErrorDiagnosis({ status: step.status, method: 'POST', url: step.url }, 'login', async () => 200))
        ?.code,
    ).toBe('AC_INFRA_5XX');
    expect(await r.harness.issuedToken()).toBeUndefined();
  } finally {
    await r.close();
  }
});

test('trickling headers: each request ends at the timeout once (never × attempts) with AC_INFRA_TIMEOUT', async () => {
  const r = await rig({ kind: 'trickle-headers', intervalMs: 100 });
  try {
    const error = await r.http
      .send(`${r.harness.config.target.baseUrl}/api/v1/me`, { useJar: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect(error).toMatchObject({ infraCode: 'AC_INFRA_TIMEOUT' });
    // One timeout, not three: a check's budget is one HTTP_TIMEOUT per request, well inside Playwright's 30 s.
    expect((error as TargetUnreachableError).message).toContain('after 1 attempt');
    const probe = await probeTarget(r.harness.config, { timeoutMs: TIMEOUT_MS, retries: 2 });
    expect(!probe.up && probe.diagnosis.code).toBe('AC_INFRA_TIMEOUT');
  } finally {
    await r.close();
  }
});

test('a route that hangs: the check on it ends at the timeout (infra), and the preflight names that route', async () => {
  const r = await rig({ kind: 'hang-route', method: 'GET', path: '/api/v1/me' });
  try {
    const error = await r.http
      .send(`${r.harness.config.target.baseUrl}/api/v1/me`, { bearer: await r.harness.mint(), useJar: false })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ infraCode: 'AC_INFRA_TIMEOUT' });
    expect((await r.http.send(`${r.harness.config.target.baseUrl}/health`, { useJar: false })).status).toBe(200);
    const probe = await probeTarget(r.harness.config, { timeoutMs: TIMEOUT_MS, retries: 2 });
    expect(!probe.up && probe.diagnosis.code).toBe('AC_INFRA_TIMEOUT');
    expect(!probe.up && probe.diagnosis.summary).toContain('preflight: the route GET /api/v1/me is unreachable');
  } finally {
    await r.close();
  }
});

test('death after N requests: the next request is unreachable (infra) after the declared retries', async () => {
  const r = await rig({ kind: 'die-after', requests: 2 });
  try {
    const url = `${r.harness.config.target.baseUrl}/health`;
    expect((await r.http.send(url, { useJar: false })).status).toBe(200);
    expect((await r.http.send(url, { useJar: false })).status).toBe(200);
    const error = await r.http.send(url, { useJar: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect((error as TargetUnreachableError).infraCode).toMatch(/^AC_INFRA_(UNREACHABLE|RESET)$/);
    const probe = await probeTarget(r.harness.config, { timeoutMs: TIMEOUT_MS, retries: 0 });
    expect(!probe.up && probe.diagnosis.code).toMatch(/^AC_INFRA_(UNREACHABLE|RESET)$/);
  } finally {
    await r.close();
  }
});

test("seed 000's missing JWT library: a 500 on the control too is the auth component broken, not invalid-token findings", async () => {
  const r = await rig({ kind: 'none' }, { REFERENCE_FAULTS: 'jwt-lib-missing' });
  try {
    for (const [caseId, token] of [
      ['alg-none', ALG_NONE],
      ['garbage', 'not-a-jwt'],
    ] as const) {
      const found = await negativeVerdict(r, caseId, token);
      expect(found?.code, caseId).toBe('AC_AUTH_COMPONENT_BROKEN');
      expect(found?.summary).toContain('the valid control on the same route gets 500 too');
    }
  } finally {
    await r.close();
  }
});
