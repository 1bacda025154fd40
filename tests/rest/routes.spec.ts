import { routeUrl } from '../../helpers/auth/control-route';
import { judgeScopeChallenge } from '../../helpers/diagnosis/passive/scope-challenge';
import { test } from '../fixtures';

for (const who of ['user', 'admin'] as const) {
  test(`${who === 'user' ? 'the test user' : 'the admin'} reaches each declared route with the declared status`, async ({
    login,
    target,
    http,
    clock,
    expectStatus,
    failWith,
  }) => {
    const routes = who === 'user' ? target.routes : target.adminRoutes;
    test.skip(routes.length === 0, 'no ADMIN_ROUTES declared');
    const { token } = await login(who);
    test.skip(!token, 'inconclusive: login gave no token (see the login check)');
    // Every route is checked and diagnosed; the failures (already recorded with their codes) are reported together.
    const failures: string[] = [];
    for (const route of routes) {
      await test.step(`${route.method} ${route.path} → ${route.status}${route.error ? ` ${route.error}` : ''}`, async () => {
        const sentAtMs = clock.now();
        const exchange = await http.send(routeUrl(target, route), {
          method: route.method,
          bearer: token,
          useJar: false,
          label: `${who} token from login`,
        });
        await expectStatus(
          { url: exchange.url, method: route.method, exchange, token, delivery: 'header', sentAtMs },
          route.status,
        )
          .then(async () => {
            // Declared `403 insufficient_scope`: the refusal must say so (RFC 6750 §3.1).
            const found = judgeScopeChallenge(
              route,
              exchange.header('www-authenticate'),
              exchange.record.responseHeaders,
            );
            if (found.length > 0) await failWith(found);
          })
          .catch((error: unknown) => {
            failures.push(`${route.method} ${route.path}: ${(error as Error).message}`);
          });
      });
    }
    if (failures.length > 0) throw new Error(failures.join('\n'));
  });
}
