import { cookieRouteUrl } from '../cookies/route-url';
import { diagnosis } from '../diagnosis/diagnosis';
import type { CookieConfig } from '../env/cookie-config';
import type { TargetConfig } from '../env/target-config';
import { serverErrorDiagnosis } from '../http/status-verdict';
import { redactUrl } from '../redact/redact-headers';
import type { AppLoginOutcome } from './app-driver';
import type { CdpCookieCapture } from './cdp-cookie-capture';
import { diagnoseBrowserVerdict, type BrowserFinding } from './cookie-diagnoses';
import { browserVerdict } from './cookie-verdict';

export interface AppLoginContext {
  readonly target: TargetConfig;
  readonly cookies: CookieConfig;
  readonly cdp: CdpCookieCapture;
  readonly loginUrl: string;
  /** The health route's status (undefined when unreachable), to tell a crashing login from a service that is down. */
  readonly healthStatus: () => Promise<number | undefined>;
}

/**
 * Why the app is not signed in after its login, from what the browser saw: the login POST's own answer (judged by
 * the one status verdict: a gateway answer is infrastructure); or, after a 2xx login, the first refused API call and
 * Chromium's account of the declared cookies on it (third-party-blocked only: a warning of the blocked world; another
 * reason: that cookie's code; sent and still refused: AC_BROWSER_SESSION_REFUSED); or no session and no refusal shown.
 * Empty when the app is signed in.
 */
export async function explainAppLogin(outcome: AppLoginOutcome, context: AppLoginContext): Promise<BrowserFinding> {
  const finding: BrowserFinding = { diagnoses: [], thirdParty: [] };
  const { cdp, loginUrl } = context;
  const evidence = {
    loginStatus: outcome.status,
    afterLogin: outcome.afterLogin.map((item) => `${item.method} ${redactUrl(item.url)} ${item.status}`),
    loginFormShown: outcome.loginFormShown,
  };
  if (outcome.state === 'signed-in') return finding;
  if (outcome.state === 'login-refused') {
    const what = 'login through the app page';
    const infra = await serverErrorDiagnosis(
      { status: outcome.status, method: 'POST', url: loginUrl },
      what,
      context.healthStatus,
    );
    finding.diagnoses.push(
      infra ??
        diagnosis('AC_LOGIN_FAILED', `${what}: POST ${redactUrl(loginUrl)} answered ${outcome.status}`, evidence),
    );
    return finding;
  }
  const refused = outcome.afterLogin.find((item) => item.status === 401 || item.status === 403);
  if (outcome.state === 'no-logout-control' || refused === undefined) {
    finding.diagnoses.push(
      diagnosis(
        'AC_BROWSER_APP_NOT_SIGNED_IN',
        `the login through the app page answered ${outcome.status}, but the app showed no ${context.cookies.app?.logoutSelector ?? 'logout control'} and no API call was refused${outcome.loginFormShown ? ' (the login form is still shown)' : ''}`,
        evidence,
      ),
    );
    return finding;
  }
  const login = await cdp.waitFor((item) => item.url === loginUrl && item.method === 'POST').catch(() => undefined);
  const setCookies = login?.setCookies ?? [];
  const request = await cdp
    .waitFor((item) => item.url === refused.url && item.method === refused.method)
    .catch(() => undefined);
  const path = new URL(refused.url).pathname;
  const where = `${refused.method} ${path} (answered ${refused.status} after a ${outcome.status} login; the app went back to its login form)`;
  const routed = Object.entries(context.cookies.routes)
    .filter(([, routes]) =>
      routes.some((route) => route.method === refused.method && cookieRouteUrl(context.target, route) === refused.url),
    )
    .map(([name]) => name);
  const names = routed.length > 0 ? routed : context.cookies.expectations.map((item) => item.name);
  if (request !== undefined)
    for (const name of names) {
      const partitioned = setCookies.some((line) => line.name === name && /;\s*partitioned/i.test(line.redactedLine));
      diagnoseBrowserVerdict(name, where, browserVerdict(name, request, setCookies), partitioned, finding);
    }
  if (finding.diagnoses.length === 0 && finding.thirdParty.length === 0)
    finding.diagnoses.push(
      diagnosis(
        'AC_BROWSER_SESSION_REFUSED',
        `${where}: Chromium sent ${names.join(', ')}, and the API refused the session the login created`,
        { ...evidence, cookies: names },
      ),
    );
  for (const item of finding.thirdParty) Object.assign(item.evidence, evidence);
  return finding;
}
