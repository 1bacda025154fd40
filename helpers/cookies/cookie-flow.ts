import { csrfToken, mentionsCsrf } from '../auth/csrf';
import { login } from '../auth/login';
import { refresh, type RefreshResult } from '../auth/refresh';
import { serverReason } from '../auth/scrubbed-reason';
import { loginDiagnosis } from '../auth/step-diagnoses';
import type { Diagnosis } from '../diagnosis/diagnosis';
import { diagnosis } from '../diagnosis/diagnosis';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import { auditSetCookies, type AuditResult } from './audit-set-cookie';
import type { CookieConfig } from '../env/cookie-config';
import { DeliveryModel } from './delivery-model';
import { diagnoseModelRow, type ModelRow } from './model-diagnoses';
import { describeAttributes, parseSetCookie } from './parse-set-cookie';
import { cookieRouteUrl, routeLabel } from './route-url';
import { isCrossSite } from './site';

/** The raw Set-Cookie lines of one step, kept only inside the process (values are redacted in every record). */
export interface FlowStep {
  readonly step: 'login' | 'refresh' | 'logout';
  readonly url: string;
  readonly status: number;
  readonly lines: readonly string[];
}

export interface CookieFlow {
  readonly caller: string;
  readonly steps: readonly FlowStep[];
  readonly audits: readonly AuditResult[];
  /** Model verdicts after login (and refresh), per cookie and route. */
  readonly delivery: readonly ModelRow[];
  /** Declared cookies still stored by the model after logout, with the lines that set and cleared them. */
  readonly survivors: readonly Diagnosis[];
  readonly token: string | undefined;
  /** The declared refresh step's outcome (with the CSRF header when declared); undefined without REFRESH_PATH. */
  readonly refresh?: RefreshResult | undefined;
  /** AC_LOGIN_FAILED with the server's reason when the login gave no token. */
  readonly loginFailure?: Diagnosis | undefined;
  /** CSRF required and not sent, declared but not handed out, or declared and not enforced. */
  readonly csrf: readonly Diagnosis[];
}

/** The set of cookies that must work cross-site: those with a route on another site than the app. */
export function crossSiteCookies(config: TargetConfig, cookies: CookieConfig): Set<string> {
  const caller = cookies.app?.url;
  if (caller === undefined) return new Set();
  return new Set(
    Object.entries(cookies.routes)
      .filter(([, routes]) => routes.some((route) => isCrossSite(caller, cookieRouteUrl(config, route))))
      .map(([name]) => name),
  );
}

/**
 * Login → (refresh) → logout through the target's real routes with raw headers, as the app's origin would: every
 * Set-Cookie audited, each declared cookie's delivery to each declared route modelled with tough-cookie.
 */
export async function runCookieFlow(
  http: HttpClient,
  config: TargetConfig,
  cookies: CookieConfig,
): Promise<CookieFlow> {
  const caller = cookies.app?.url ?? config.target.baseUrl;
  const model = new DeliveryModel();
  const crossSite = crossSiteCookies(config, cookies);
  const declared = cookies.expectations.map((item) => item.name);
  const steps: FlowStep[] = [];
  const audits: AuditResult[] = [];
  const audit = (step: FlowStep, mustSet: readonly string[]) =>
    audits.push(
      auditSetCookies({
        lines: step.lines,
        step: step.step,
        expectations: cookies.expectations,
        crossSiteCookies: crossSite,
        maxBytes: cookies.maxBytes,
        mustSet,
      }),
    );

  const result = await login(http, config, config.users.user);
  const loginStep: FlowStep = {
    step: 'login',
    url: result.exchange?.url ?? `${config.target.authUrl}${config.login.path}`,
    status: result.exchange?.status ?? 0,
    lines: result.exchange?.setCookies() ?? [],
  };
  steps.push(loginStep);
  audit(loginStep, declared);
  await model.apply(loginStep.lines, loginStep.url, caller);

  const csrfFindings: Diagnosis[] = [];
  let refreshed: RefreshResult | undefined;
  if (config.refresh !== undefined) {
    const url = `${config.target.authUrl}${config.refresh.path}`;
    const cookieHeader = (target: string) =>
      model.jar.getCookieString(target, {
        sameSiteContext: isCrossSite(caller, target) ? 'none' : 'strict',
        http: true,
      });
    const base = { jar: model.jar, refreshToken: result.refreshToken, cookieHeader, store: false } as const;
    if (config.csrf && (await cookieHeader(url))) {
      // What a cross-site attacker's form can do: the cookies without the CSRF header. Must be refused.
      const forged = await refresh(http, config, { ...base, withCsrf: false, label: 'refresh without CSRF header' });
      const status = forged?.exchange?.status;
      if (status !== undefined && status >= 200 && status < 300)
        csrfFindings.push(
          diagnosis(
            'AC_CSRF_NOT_ENFORCED',
            `${config.refresh.path} accepted a cookie-authenticated POST without the ${config.csrf.header} header (${status})`,
            { route: `POST ${config.refresh.path}`, status, csrfHeader: config.csrf.header },
          ),
        );
    }
    refreshed = await refresh(http, config, base);
    const exchange = refreshed?.exchange;
    if (refreshed && exchange) {
      const step: FlowStep = { step: 'refresh', url, status: exchange.status, lines: exchange.setCookies() };
      steps.push(step);
      audit(step, []);
      await model.apply(step.lines, url, caller);
      csrfFindings.push(...csrfStepFindings(config, 'refresh', `POST ${config.refresh.path}`, refreshed));
    }
  }

  const delivery: ModelRow[] = [];
  for (const [name, routes] of Object.entries(cookies.routes)) {
    for (const route of routes) {
      const url = cookieRouteUrl(config, route);
      delivery.push({
        cookie: name,
        route: routeLabel(route),
        crossSite: isCrossSite(caller, url),
        verdict: await model.verdict(name, url, caller),
      });
    }
  }

  const survivors: Diagnosis[] = [];
  if (config.logoutPath !== undefined) {
    const url = `${config.target.authUrl}${config.logoutPath}`;
    const cookie = await model.jar.getCookieString(url, {
      sameSiteContext: isCrossSite(caller, url) ? 'none' : 'strict',
      http: true,
    });
    const token =
      config.csrf && cookie
        ? await csrfToken(http, config.csrf, { jar: model.jar, url, authUrl: config.target.authUrl })
        : undefined;
    // Fetching the token may set cookies the check needs (csrf-csrf's secret cookie).
    const sent = token
      ? await model.jar.getCookieString(url, {
          sameSiteContext: isCrossSite(caller, url) ? 'none' : 'strict',
          http: true,
        })
      : cookie;
    const headers: Record<string, string> = sent ? { cookie: sent } : {};
    if (token) headers[token.header.toLowerCase()] = token.value;
    const exchange = await http.send(url, {
      method: 'POST',
      useJar: false,
      headers,
      label: `logout (model cookies${token ? ', CSRF header' : ''})`,
    });
    csrfFindings.push(
      ...csrfStepFindings(config, 'logout', `POST ${config.logoutPath}`, {
        exchange,
        csrf: token,
        csrfMissing: Boolean(config.csrf && cookie && !token),
        reason: exchange.status >= 300 ? serverReason(exchange) : undefined,
      }),
    );
    const step: FlowStep = { step: 'logout', url, status: exchange.status, lines: exchange.setCookies() };
    steps.push(step);
    await model.apply(step.lines, url, caller);
    for (const name of declared) {
      if (!(await model.has(name))) continue;
      const set = steps
        .flatMap((item) => (item.step === 'logout' ? [] : item.lines))
        .map((line) => parseSetCookie(line))
        .filter((item) => item?.name === name)
        .at(-1);
      const cleared = step.lines.map((line) => parseSetCookie(line)).filter((item) => item?.name === name);
      const why =
        cleared.length === 0
          ? 'logout sent no clearing Set-Cookie for it'
          : `cleared with ${cleared.map((item) => describeAttributes(item!)).join(' / ')} but set with ${set ? describeAttributes(set) : 'unknown attributes'}`;
      survivors.push(
        diagnosis('AC_COOKIE_LOGOUT_NOT_CLEARED', `${name} survives logout: ${why}`, {
          cookie: name,
          set: set?.redacted,
          cleared: cleared.map((item) => item!.redacted),
          logoutStatus: exchange.status,
        }),
      );
    }
  }
  return {
    caller,
    steps,
    audits,
    delivery,
    survivors,
    token: result.token,
    loginFailure: loginDiagnosis(result, config),
    refresh: refreshed,
    csrf: csrfFindings,
  };
}

/**
 * CSRF findings for one state-changing cookie step: the target wanted a token the env does not declare (its
 * refusal says CSRF), or the env declares one the target never handed out, or the token sent was refused.
 */
export function csrfStepFindings(
  config: TargetConfig,
  step: 'refresh' | 'logout',
  route: string,
  outcome: Pick<RefreshResult, 'exchange' | 'csrf' | 'csrfMissing' | 'reason'>,
): Diagnosis[] {
  const status = outcome.exchange?.status;
  if (status === undefined) return [];
  const refused = status >= 400 && status < 500;
  if (outcome.csrfMissing) {
    const where =
      config.csrf?.mode === 'double-submit'
        ? `cookie ${step === 'refresh' ? config.csrf.refreshCookie : config.csrf.cookie} was not set`
        : `${config.csrf?.mode === 'endpoint' ? `GET ${config.csrf.path}` : 'the CSRF endpoint'} gave no token`;
    return [
      diagnosis('AC_CSRF_TOKEN_UNAVAILABLE', `${route}: CSRF is declared but ${where}; sent without it (${status})`, {
        route,
        status,
        mode: config.csrf?.mode,
        reason: outcome.reason ?? null,
      }),
    ];
  }
  if (refused && mentionsCsrf(outcome.reason))
    return [
      diagnosis(
        'AC_CSRF_REQUIRED_NOT_SENT',
        outcome.csrf
          ? `${route}: refused (${status}) although the ${outcome.csrf.header} header carried the token from ${outcome.csrf.from}: ${outcome.reason}`
          : `${route}: refused (${status}) for a missing CSRF token, and the env declares none (CSRF_MODE): ${outcome.reason}`,
        {
          route,
          status,
          reason: outcome.reason,
          sentHeader: outcome.csrf?.header ?? null,
          from: outcome.csrf?.from ?? null,
        },
      ),
    ];
  return [];
}

export function deliveryDiagnoses(flow: CookieFlow): Diagnosis[] {
  return flow.delivery.map(diagnoseModelRow).filter((item): item is Diagnosis => item !== undefined);
}

/** Cookie table per step for attachments: names and attributes, values as tags. */
export function cookieTable(
  flow: CookieFlow,
): Array<{ step: string; cookie: string; attributes: string; bytes: number; value: string }> {
  return flow.steps.flatMap((step) =>
    step.lines
      .map((line) => parseSetCookie(line))
      .filter((item) => item !== undefined)
      .map((item) => ({
        step: step.step,
        cookie: item.name,
        attributes: describeAttributes(item),
        bytes: item.nameValueBytes,
        value: item.valueTag || '(empty)',
      })),
  );
}
