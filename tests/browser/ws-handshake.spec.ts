import { loginThroughApp } from '../../helpers/browser/app-driver';
import { explainAppLogin } from '../../helpers/browser/app-login-verdict';
import { healthStatusOf } from '../../helpers/http/status-verdict';
import { openSocketFromApp } from '../../helpers/browser/app-socket';
import { CdpWsCapture } from '../../helpers/browser/cdp-ws-capture';
import { jarHoldsCookie } from '../../helpers/browser/jar-cookie';
import { THIRD_PARTY_WORLDS } from '../../helpers/browser/third-party-world';
import { judgeBrowserHandshake } from '../../helpers/browser/ws-handshake';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { expect } from '../fixtures';
import { test } from '../fixtures/browser.fixture';

/**
 * Issue 5 part 4: the app page (another site than the API), signed in, opens the WebSocket itself. A page cannot set
 * Authorization on a WebSocket: the token cookie (WS_COOKIE / TOKEN_COOKIE) must ride along, cross-site. Read from CDP
 * what the handshake carried and why not; the page reports the welcome or the close. Blocked world: a cookie withheld
 * only as third-party is reported (annotation), not failed.
 */
for (const world of THIRD_PARTY_WORLDS) {
  test.describe(`third-party cookies ${world}`, () => {
    test.use({ world, swPolicy: 'block' });

    test('the WebSocket handshake from the app page carries the token cookie', async ({
      target,
      http,
      appPage,
      cdp,
      attach,
      failWith,
      report,
    }) => {
      const ws = target.ws;
      const app = target.cookies?.app;
      test.skip(ws === undefined, 'the env declares no WebSocket endpoint (WS_URL or WS_PATH)');
      test.skip(app === undefined, 'the env declares no app page (APP_URL)');
      test.skip(
        !ws!.modes.includes('cookie'),
        'WS_AUTH_MODES does not include cookie: a page can only send the cookie on the handshake',
      );
      const wsCapture = await CdpWsCapture.attach(appPage);
      try {
        const loginUrl = `${target.target.authUrl}${target.login.path}`;
        const outcome = await loginThroughApp(appPage, app!, target.users.user, loginUrl);
        // The socket is opened from the page whatever the app shows; a refused or failed login is said as seen.
        const signIn = await explainAppLogin(outcome, {
          target,
          cookies: target.cookies!,
          cdp,
          loginUrl,
          healthStatus: healthStatusOf(http, target),
        });
        if (signIn.diagnoses.length > 0) await failWith(signIn.diagnoses);
        await report(signIn.thirdParty);
        const login = await cdp.waitFor((request) => request.url === loginUrl && request.method === 'POST');

        // No cookie for the socket in the jar (refused at login, or another Path/Domain): the handshake carries no
        // credential, and its open is the answer; a welcome cannot come.
        const noCredential = !(await jarHoldsCookie(appPage.context(), ws!.url, ws!.cookie));
        const page = await openSocketFromApp(appPage, ws!.url, { timeoutMs: ws!.timeoutMs, noCredential });
        const handshake = await wsCapture.waitFor(ws!.url, ws!.timeoutMs);
        const finding = judgeBrowserHandshake({
          config: ws!,
          appOrigin: app!.origin,
          expectedUser: target.users.user.username,
          handshake,
          loginSetCookie: login.setCookies?.find((line) => line.name === ws!.cookie),
          page,
        });
        await attach(`ws-handshake-${world}.json`, {
          world,
          url: ws!.url,
          cookie: ws!.cookie,
          cookieSent: finding.cookieSent,
          evidence: finding.evidence,
          chromiumReasons: finding.reasons,
          status: handshake.status,
          requestHeaders: handshake.redactedHeaders,
          associatedCookies: handshake.associated?.map(({ name, blockedReasons }) => ({ name, blockedReasons })),
          cookieInJar: !noCredential,
          pageSaw: finding.pageSaw,
        });
        await report(
          finding.thirdParty.map((line) => diagnosis('AC_COOKIE_THIRD_PARTY_BLOCKED', line, { world, url: ws!.url })),
        );
        if (finding.diagnoses.length > 0) await failWith(finding.diagnoses);
        if (world === 'allowed') expect(finding.cookieSent, `${ws!.cookie} on the WebSocket handshake`).toBe(true);
        else
          expect(
            finding.cookieSent || finding.thirdParty.length > 0,
            'blocked world: the cookie is sent or withheld only as third-party',
          ).toBe(true);
      } finally {
        await wsCapture.detach();
      }
    });
  });
}
