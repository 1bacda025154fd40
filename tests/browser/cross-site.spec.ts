import { callFromApp, loginThroughApp } from '../../helpers/browser/app-driver';
import { explainAppLogin } from '../../helpers/browser/app-login-verdict';
import { failedCallDiagnosis } from '../../helpers/browser/failed-call';
import { THIRD_PARTY_WORLDS } from '../../helpers/browser/third-party-world';
import { diagnoseBrowserVerdict, type BrowserFinding } from '../../helpers/browser/cookie-diagnoses';
import { browserVerdict } from '../../helpers/browser/cookie-verdict';
import { compareRow, comparisonTable, type ComparisonRow } from '../../helpers/cookies/compare';
import { runCookieFlow } from '../../helpers/cookies/cookie-flow';
import { cookieRouteUrl, routeLabel } from '../../helpers/cookies/route-url';
import { healthStatusOf } from '../../helpers/http/status-verdict';
import { expect } from '../fixtures';
import { test } from '../fixtures/browser.fixture';

/**
 * Browser truth: log in through the app page (another site than the API), make the credentialed cross-site calls the
 * env declares, and read from CDP what Chromium stored and sent and why not — next to the tough-cookie model.
 * Blocked world: a cookie refused only for being third-party is reported (AC_COOKIE_THIRD_PARTY_BLOCKED), not failed.
 */
for (const world of THIRD_PARTY_WORLDS) {
  test.describe(`third-party cookies ${world}`, () => {
    test.use({ world, swPolicy: 'block' });

    test('cookies are stored and sent cross-site as declared (Chromium vs model)', async ({
      target,
      http,
      appPage,
      cdp,
      attach,
      failWith,
      report,
    }) => {
      const cookies = target.cookies;
      test.skip(cookies?.app === undefined, 'the env declares no app page (APP_URL)');
      const app = cookies!.app!;
      const loginUrl = `${target.target.authUrl}${target.login.path}`;
      const healthStatus = healthStatusOf(http, target);
      const outcome = await loginThroughApp(appPage, app, target.users.user, loginUrl);
      // What the browser saw when the app is not signed in: a refused or failed login, or a session it lost at once.
      const finding: BrowserFinding = await explainAppLogin(outcome, {
        target,
        cookies: cookies!,
        cdp,
        loginUrl,
        healthStatus,
      });
      if (finding.diagnoses.length > 0) await failWith(finding.diagnoses);
      const login = await cdp.waitFor((request) => request.url === loginUrl && request.method === 'POST');
      const setCookies = login.setCookies ?? [];

      // Every Set-Cookie Chromium refused at login, declared or not (oversized, SameSite=None without Secure, ...).
      for (const line of setCookies.filter((item) => !item.stored)) {
        diagnoseBrowserVerdict(
          line.name,
          'login Set-Cookie',
          { sent: false, reasons: line.blockedReasons, stage: 'set-cookie' },
          /;\s*partitioned/i.test(line.redactedLine),
          finding,
        );
      }
      const model = await runCookieFlow(http, target, cookies!);
      const rows: ComparisonRow[] = [];
      for (const [name, routes] of Object.entries(cookies!.routes)) {
        const partitioned = setCookies.some((line) => line.name === name && /;\s*partitioned/i.test(line.redactedLine));
        for (const route of routes) {
          const url = cookieRouteUrl(target, route);
          cdp.clear();
          const call = await callFromApp(appPage, url, route.method);
          if (call.error !== undefined) {
            // Chromium's own net error and the status it received decide, not the page's "Failed to fetch".
            const seen = await cdp.waitForOutcome(
              (item) => (item.initialUrl ?? item.url) === url && item.method === route.method,
            );
            finding.diagnoses.push(
              await failedCallDiagnosis(routeLabel(route), call.error, seen, healthStatus, app.origin),
            );
            continue;
          }
          const request = await cdp.waitFor((item) => item.url === url && item.method === route.method);
          const verdict = browserVerdict(name, request, setCookies);
          rows.push(
            compareRow(
              model.delivery.find((row) => row.cookie === name && row.route === routeLabel(route)),
              name,
              routeLabel(route),
              verdict,
            ),
          );
          // Only the first cause per cookie is a failure of its own; the rest repeat it for other routes.
          diagnoseBrowserVerdict(name, routeLabel(route), verdict, partitioned, finding);
        }
      }
      await attach(`model-vs-chromium-${world}.md`, comparisonTable(world, rows));
      await attach(
        `chromium-set-cookies-${world}.json`,
        setCookies.map(({ name, redactedLine, stored, blockedReasons }) => ({
          name,
          redactedLine,
          stored,
          blockedReasons,
        })),
      );
      for (const row of rows.filter((item) => !item.agree))
        test.info().annotations.push({
          type: 'model-vs-chromium',
          description: `${row.cookie} → ${row.route}: model ${row.model}; Chromium ${row.chromium}`,
        });
      await report(dedupe(finding.thirdParty));
      if (finding.diagnoses.length > 0) await failWith(dedupe(finding.diagnoses));
      if (world === 'allowed')
        expect(
          rows.every((row) => row.chromium === 'sent'),
          'every declared cookie reaches its routes in Chromium',
        ).toBe(true);
      else
        expect(
          finding.thirdParty.length + rows.filter((row) => row.chromium === 'sent').length,
          'blocked world: each cookie is either sent (same-site/Partitioned) or refused only as third-party',
        ).toBeGreaterThan(0);
    });
  });
}

function dedupe<T extends { code: string; summary: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.summary) ? false : (seen.add(item.summary), true)));
}
