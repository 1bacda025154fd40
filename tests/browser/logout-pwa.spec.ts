import {
  callFromApp,
  loginThroughApp,
  logoutThroughApp,
  serviceWorkerControls,
} from '../../helpers/browser/app-driver';
import { explainAppLogin } from '../../helpers/browser/app-login-verdict';
import type { Response } from '../../helpers/browser/playwright-types';
import { snapshotStorage, survivingAuthState } from '../../helpers/browser/storage-snapshot';
import { THIRD_PARTY_WORLDS } from '../../helpers/browser/third-party-world';
import { cookieRouteUrl, routeLabel } from '../../helpers/cookies/route-url';
import { diagnosis, type Diagnosis } from '../../helpers/diagnosis/diagnosis';
import { healthStatusOf } from '../../helpers/http/status-verdict';
import { test } from '../fixtures/browser.fixture';

/**
 * Logout and PWA state in Chromium, through the app page with its service worker: after logout no declared cookie is
 * left, no auth state in web storage / IndexedDB / Cache Storage, no API response served by the service worker, and a
 * fresh login works. Blocked world: the cross-site cookies were never stored, so the cookie and re-login checks have
 * nothing to observe there (reported as annotations); storage and service-worker checks hold in both worlds.
 */
for (const world of THIRD_PARTY_WORLDS) {
  test.describe(`third-party cookies ${world}`, () => {
    test.use({ world, swPolicy: 'allow' });

    test('logout leaves no cookies, storage or service-worker auth state; a fresh login works', async ({
      target,
      http,
      cdp,
      appPage,
      appContext,
      attach,
      failWith,
      report,
    }) => {
      const cookies = target.cookies;
      test.skip(cookies?.app === undefined, 'the env declares no app page (APP_URL)');
      const app = cookies!.app!;
      const apiOrigins = [...new Set([new URL(target.target.baseUrl).origin, new URL(target.target.authUrl).origin])];
      const found: Diagnosis[] = [];
      const fromWorker: string[] = [];
      appPage.on('response', (response: Response) => {
        if (apiOrigins.includes(new URL(response.url()).origin) && response.fromServiceWorker())
          fromWorker.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
      });

      await appPage.goto(app.url);
      const controlled = await serviceWorkerControls(appPage);
      const before = await snapshotStorage(appPage, apiOrigins);
      const loginUrl = `${target.target.authUrl}${target.login.path}`;
      const outcome = await loginThroughApp(appPage, app, target.users.user, loginUrl);
      if (outcome.state !== 'signed-in') {
        // Not signed in: say what the browser saw. Cookies blocked only as third-party are the blocked world (a
        // warning); there is then no session to log out of.
        const seen = await explainAppLogin(outcome, {
          target,
          cookies: cookies!,
          cdp,
          loginUrl,
          healthStatus: healthStatusOf(http, target),
        });
        await attach(`login-outcome-${world}.json`, { outcome, serviceWorkerControlled: controlled, before });
        if (seen.diagnoses.length > 0) await failWith(seen.diagnoses);
        await report(seen.thirdParty);
        test.info().annotations.push({
          type: 'note',
          description: `the app is not signed in after its login (${outcome.state}): logout has nothing to clear`,
        });
        return;
      }
      const getRoutes = Object.values(cookies!.routes)
        .flat()
        .filter((route) => route.method === 'GET');
      for (const route of getRoutes) await callFromApp(appPage, cookieRouteUrl(target, route), route.method);
      const afterLogin = await snapshotStorage(appPage, apiOrigins);
      const declared = cookies!.expectations.map((item) => item.name);
      // Every cookie of the context, whatever its Path: cookies(urls) only returns those the URLs would receive, so a
      // refresh cookie at Path=/api/v1/auth would be missed.
      const apiCookies = async () =>
        (await appContext.cookies()).filter(
          (cookie) => declared.includes(cookie.name) && apiHosts.some((host) => domainCovers(cookie.domain, host)),
        );
      const apiHosts = apiOrigins.map((origin) => new URL(origin).hostname);
      const storedAtLogin = (await apiCookies()).map((cookie) => cookie.name);

      await logoutThroughApp(
        appPage,
        app,
        target.logoutPath === undefined ? undefined : `${target.target.authUrl}${target.logoutPath}`,
      );
      const afterLogout = await snapshotStorage(appPage, apiOrigins);
      const leftCookies = await apiCookies();
      for (const cookie of leftCookies) {
        found.push(
          diagnosis(
            'AC_COOKIE_LOGOUT_NOT_CLEARED',
            `${cookie.name} (Path=${cookie.path}) is still stored in Chromium after logout`,
            { cookie: cookie.name, path: cookie.path, domain: cookie.domain, world },
          ),
        );
      }
      const left = survivingAuthState(before, afterLogin, afterLogout);
      for (const [area, keys] of Object.entries(left)) {
        found.push(
          diagnosis('AC_COOKIE_STORAGE_SURVIVES_LOGOUT', `${area} still holds ${keys.join(', ')} after logout`, {
            area,
            keys,
            world,
          }),
        );
      }
      const servedBefore = fromWorker.length;
      const afterLogoutCalls: string[] = [];
      for (const route of getRoutes) {
        const call = await callFromApp(appPage, cookieRouteUrl(target, route), route.method);
        afterLogoutCalls.push(`${routeLabel(route)} → ${call.status ?? call.error}`);
      }
      if (fromWorker.length > 0) {
        found.push(
          diagnosis(
            'AC_COOKIE_SW_SERVES_AUTH',
            `the service worker answered ${fromWorker.length} API/auth response(s), ${fromWorker.length - servedBefore} of them after logout`,
            { responses: fromWorker, world },
          ),
        );
      }

      // A fresh login must work (no stuck "session expired"); only observable where the cookies can be stored.
      const relogin: string[] = [];
      if (storedAtLogin.length > 0) {
        cdp.clear();
        const again = await loginThroughApp(appPage, app, target.users.user, loginUrl);
        if (again.state !== 'signed-in') {
          const seen = await explainAppLogin(again, {
            target,
            cookies: cookies!,
            cdp,
            loginUrl,
            healthStatus: healthStatusOf(http, target),
          });
          found.push(
            ...seen.diagnoses,
            ...seen.thirdParty.map((item) =>
              diagnosis('AC_COOKIE_RELOGIN_FAILED', `the second login did not sign in: ${item.summary}`, item.evidence),
            ),
          );
        }
        for (const route of getRoutes) {
          const call = await callFromApp(appPage, cookieRouteUrl(target, route), route.method);
          relogin.push(`${routeLabel(route)} → ${call.status ?? call.error}`);
          if (call.status === undefined || call.status >= 300)
            found.push(
              diagnosis(
                'AC_COOKIE_RELOGIN_FAILED',
                `after logout and a new login, ${routeLabel(route)} answers ${call.status ?? call.error}`,
                { route: routeLabel(route), world },
              ),
            );
        }
      } else {
        const note = `no declared cookie was stored in Chromium at login (${world} world): the cookie-clearing and re-login checks have nothing to observe`;
        if (world === 'blocked') await report([diagnosis('AC_COOKIE_THIRD_PARTY_BLOCKED', note, { world, declared })]);
        else test.info().annotations.push({ type: 'note', description: note });
      }
      await attach(`logout-state-${world}.json`, {
        serviceWorkerControlled: controlled,
        storedAtLogin,
        before,
        afterLogin,
        afterLogout,
        afterLogoutCalls,
        relogin,
      });
      if (found.length > 0) await failWith(found);
    });
  });
}

/** A cookie's Domain (host-only: the host itself; else a leading-dot domain) covers the host. */
function domainCovers(domain: string, host: string): boolean {
  const bare = domain.replace(/^\./, '');
  return host === bare || host.endsWith(`.${bare}`);
}
