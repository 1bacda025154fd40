import type { Diagnosis } from '../../helpers/diagnosis/diagnosis';
import { judgeTokenDelivery } from '../../helpers/diagnosis/verdicts/token-delivery';
import { cookieTable, deliveryDiagnoses, runCookieFlow, type CookieFlow } from '../../helpers/cookies/cookie-flow';
import { cookieRouteUrl, routeLabel } from '../../helpers/cookies/route-url';
import { answerOf, healthStatusOf, serverErrorDiagnosis } from '../../helpers/http/status-verdict';
import { test, expect } from '../fixtures';

/**
 * Cookie flows for any target whose env declares cookies (COOKIE_EXPECT / COOKIE_ROUTES): every Set-Cookie audited on
 * the raw header, each cookie's delivery to each route modelled with tough-cookie (as the app's origin would call),
 * logout clearing, and the token by header / cookie / both. Chromium's truth is the browser suite.
 */
const LOGIN_CHECK = 'Set-Cookie attributes at login, refresh and logout';

test.describe('cookies', () => {
  let flow: CookieFlow | undefined;

  test.beforeEach(async ({ target, http, inconclusive }, testInfo) => {
    test.skip(target.cookies === undefined, 'the env declares no cookies (COOKIE_EXPECT)');
    flow ??= await runCookieFlow(http, target, target.cookies!);
    // The login check reports the login's own failure; every other cookie check needs its cookies and token.
    if (flow.token === undefined && testInfo.title !== LOGIN_CHECK) {
      const login = flow.steps[0];
      const cause =
        (login && login.status > 0
          ? await serverErrorDiagnosis(
              { status: login.status, method: 'POST', url: login.url },
              'login',
              healthStatusOf(http, target),
            )
          : undefined) ?? flow.loginFailure;
      if (cause) inconclusive(cause, 'the login set no cookie and gave no token');
    }
  });

  test(LOGIN_CHECK, async ({ target, http, attach, failWith }) => {
    await attach('cookie-table.json', cookieTable(flow!));
    // A step that answered 429/5xx set no cookie to audit: infra or a broken auth component, never a pass.
    for (const step of flow!.steps) {
      const serverError = await serverErrorDiagnosis(
        { status: step.status, method: 'POST', url: step.url },
        `cookie flow ${step.step}`,
        healthStatusOf(http, target),
      );
      if (serverError) await failWith([serverError]);
    }
    const loginStatus = flow!.steps[0]?.status ?? 0;
    // A login that does not answer 2xx fails loudly with the server's reason: nothing to audit without it.
    if (flow!.loginFailure && (loginStatus < 200 || loginStatus >= 300)) await failWith([flow!.loginFailure]);
    const found = flow!.audits.flatMap((audit) => audit.diagnoses);
    if (found.length > 0) await failWith(found);
  });

  test('each cookie reaches each of its routes (tough-cookie model)', async ({ attach, failWith }) => {
    await attach('delivery-model.json', { caller: flow!.caller, rows: flow!.delivery });
    expect(flow!.delivery.length, 'COOKIE_ROUTES declares no route').toBeGreaterThan(0);
    const found = deliveryDiagnoses(flow!);
    if (found.length > 0) await failWith(found);
  });

  test('logout clears every declared cookie', async ({ target, failWith }) => {
    test.skip(target.logoutPath === undefined, 'no LOGOUT_PATH');
    const logout = flow!.steps.find((step) => step.step === 'logout');
    expect(logout?.status, 'logout must answer 2xx').toBeLessThan(300);
    if (flow!.survivors.length > 0) await failWith(flow!.survivors);
  });

  test('state-changing cookie requests carry the CSRF token the target wants, and it is enforced', async ({
    target,
    attach,
    failWith,
  }) => {
    const steps = flow!.steps.filter((step) => step.step !== 'login');
    test.skip(steps.length === 0, 'no REFRESH_PATH or LOGOUT_PATH: no state-changing cookie request to make');
    await attach('csrf.json', {
      declared: target.csrf ?? null,
      refresh: flow!.refresh
        ? { status: flow!.refresh.exchange?.status ?? null, sentHeader: flow!.refresh.csrf?.header ?? null }
        : null,
      findings: flow!.csrf.map((item) => item.code),
    });
    if (flow!.csrf.length > 0) await failWith(flow!.csrf);
  });

  test('the token works by header, by cookie and by both', async ({ target, http, attach, failWith, loggedIn }) => {
    const name = target.tokenCookie;
    test.skip(name === undefined, 'no TOKEN_COOKIE: the API takes no token cookie');
    // A fresh login: the flow's own token was sent to logout, which may revoke it (COOKIE_LOGOUT_REVOKES).
    const { token } = await loggedIn('user');
    const routes = target.cookies!.routes[name!] ?? [];
    test.skip(routes.length === 0, `COOKIE_ROUTES declares no route for ${name}`);
    const rows: Array<{ route: string; header: number; cookie: number; both: number }> = [];
    const found: Diagnosis[] = [];
    for (const route of routes) {
      const url = cookieRouteUrl(target, route);
      const send = async (headers: Record<string, string>) =>
        answerOf(
          await http.send(url, {
            method: route.method,
            headers,
            useJar: false,
            label: `${route.method} token by ${Object.keys(headers).join('+')}`,
          }),
        );
      const header = await send({ authorization: `Bearer ${token}` });
      const cookie = await send({ cookie: `${name}=${token}` });
      const both = await send({ authorization: `Bearer ${token}`, cookie: `${name}=${token}` });
      rows.push({ route: routeLabel(route), header: header.status, cookie: cookie.status, both: both.status });
      const verdict = judgeTokenDelivery({ route: routeLabel(route), cookieName: name!, header, cookie, both });
      if (verdict) found.push(verdict);
    }
    await attach('token-delivery.json', rows);
    if (found.length > 0) await failWith(found);
  });
});
