import { controlRoute, routeUrl } from '../../helpers/auth/control-route';
import { judgeHeaderVsCookie } from '../../helpers/diagnosis/verdicts/token-delivery';
import { HEADER_TRANSPORT } from '../../helpers/http/token-transport';
import { answerOf, statusClass } from '../../helpers/http/status-verdict';
import { test } from '../fixtures';

test.describe('tokens minted with the resolved secret', () => {
  test('are accepted by the API (the harness and the backend share the secret)', async ({
    target,
    secrets,
    mint,
    http,
    clock,
    expectStatus,
  }) => {
    test.skip(
      target.jwt.mint === 'none',
      'no-mint mode: no private key declared (SIGNING_KEY_CHAIN) for ' + target.jwt.alg,
    );
    const route = controlRoute(target);
    test.skip(!route, 'no 2xx route in ROUTES to use as control');
    if (!route) return;
    const token = await mint();
    const sentAtMs = clock.now();
    const exchange =
      await test.step(`${route.method} ${route.path} with a token signed by ${secrets.source} (${secrets.fingerprint})`, () =>
        http.send(routeUrl(target, route), {
          method: route.method,
          bearer: token,
          useJar: false,
          label: 'minted token, header',
        }));
    await expectStatus(
      { url: exchange.url, method: route.method, exchange, token, delivery: 'header', sentAtMs },
      route.status,
    );
  });

  test('are accepted the same way by header and by cookie', async ({ target, mint, http, failWith }) => {
    test.skip(
      target.jwt.mint === 'none',
      'no-mint mode: no private key declared (SIGNING_KEY_CHAIN) for ' + target.jwt.alg,
    );
    const route = controlRoute(target);
    test.skip(!route || !target.tokenCookie, 'TOKEN_COOKIE not declared: the API reads no token cookie');
    if (!route || !target.tokenCookie) return;
    test.skip(target.tokenTransport.mode === 'cookie', 'TOKEN_TRANSPORT=cookie: the API declares no header transport');
    const token = await mint();
    const url = routeUrl(target, route);
    const byHeader = await test.step('by Authorization header', () =>
      http.send(url, {
        method: route.method,
        bearer: token,
        transport: HEADER_TRANSPORT,
        useJar: false,
        label: 'minted token, header',
      }));
    const byCookie = await test.step(`by cookie ${target.tokenCookie}`, () =>
      http.send(url, {
        method: route.method,
        headers: { cookie: `${target.tokenCookie}=${token}` },
        useJar: false,
        label: 'minted token, cookie',
      }));
    const found = judgeHeaderVsCookie({
      route: `${route.method} ${route.path}`,
      cookieName: target.tokenCookie,
      header: answerOf(byHeader),
      cookie: answerOf(byCookie),
    });
    if (found) await failWith([found]);
    test.skip(
      statusClass(byHeader.status) !== 'accepted',
      'inconclusive: refused both ways (see the minted-token check)',
    );
  });
});
