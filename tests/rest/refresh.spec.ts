import { controlRoute, routeUrl } from '../../helpers/auth/control-route';
import { refresh } from '../../helpers/auth/refresh';
import { refreshDiagnosis } from '../../helpers/auth/step-diagnoses';
import { test } from '../fixtures';

test.describe('refresh through the target', () => {
  test('the declared refresh answers 2xx with a new access token that reaches the control route', async ({
    login,
    target,
    http,
    clock,
    failWith,
    expectStatus,
  }) => {
    test.skip(target.refresh === undefined, 'no REFRESH_PATH declared');
    test.skip(target.tokenSource !== undefined, 'the token comes from a token source: no login response to refresh');
    const declared = target.refresh!;
    const issued = await login('user');
    test.skip(!issued.token, 'inconclusive: login gave no token (see the login check)');
    const sentBy = declared.body ? `body field ${declared.body.field} (${declared.body.encoding})` : 'cookie';
    const result = await test.step(`POST ${declared.path} with the refresh token in the ${sentBy}`, () =>
      refresh(http, target, { jar: http.jar, refreshToken: issued.refreshToken }));
    const failure = refreshDiagnosis(result, target);
    if (failure) await failWith([failure]);
    const route = controlRoute(target);
    test.skip(route === undefined, 'no 2xx route declared to try the new token on');
    const sentAtMs = clock.now();
    const exchange = await http.send(routeUrl(target, route!), {
      method: route!.method,
      bearer: result!.token,
      useJar: false,
      label: 'token from refresh',
    });
    await expectStatus(
      { url: exchange.url, method: route!.method, exchange, token: result!.token!, delivery: 'header', sentAtMs },
      route!.status,
    );
  });
});
