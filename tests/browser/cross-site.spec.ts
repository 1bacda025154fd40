import { callFromApp, loginThroughApp } from '../../helpers/browser/app-driver';
import { THIRD_PARTY_WORLDS } from '../../helpers/browser/third-party-world';
import { diagnoseBrowserVerdict, type BrowserFinding } from '../../helpers/browser/cookie-diagnoses';
import { browserVerdict } from '../../helpers/browser/cookie-verdict';
import { compareRow, comparisonTable, type ComparisonRow } from '../../helpers/cookies/compare';
import { runCookieFlow } from '../../helpers/cookies/cookie-flow';
import { cookieRouteUrl, routeLabel } from '../../helpers/cookies/route-url';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
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
      const status = await loginThroughApp(appPage, app, target.users.user, loginUrl);
      expect(status, 'login through the app page').toBeLessThan(300);
      const login = await cdp.waitFor((request) => request.url === loginUrl && request.method === 'POST');
      const setCookies = login.setCookies ?? [];

      const finding: BrowserFinding = { diagnoses: [], thirdParty: [] };
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
            finding.diagnoses.push(
              diagnosis('AC_COOKIE_CORS_REFUSED', `${routeLabel(route)} from ${app.origin}: ${call.error}`, {
                route: routeLabel(route),
                appOrigin: app.origin,
              }),
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
