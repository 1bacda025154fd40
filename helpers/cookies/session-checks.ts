import { randomBytes } from 'node:crypto';
import { jsonPath, login, rawSetCookieValue } from '../auth/login';
import { controlRoute, routeUrl } from '../auth/control-route';
import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import { declaredRefusalText, isDeclaredRefusal } from '../diagnosis/verdicts/declared-refusal';
import type { CookieConfig } from '../env/cookie-config';
import type { Credentials, TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import { kindOf } from '../diagnosis/failure-codes';
import type { HttpExchange } from '../http/exchange';
import { healthStatusOf, serverErrorDiagnosis } from '../http/status-verdict';
import { tokenTag } from '../redact/token-tag';
import { parseSetCookie } from './parse-set-cookie';

/**
 * Session behaviour a canary must check, each negative case paired with a valid control on the same route and
 * transport: a failed control makes the case inconclusive, never a pass. Cookie and token values stay in the process;
 * evidence carries statuses and value tags.
 */
export interface SessionCheckResult {
  /** fail: the target is wrong; finding: reported, not failed (the env does not promise the protection). */
  readonly verdict: 'pass' | 'fail' | 'finding' | 'inconclusive' | 'not-applicable';
  readonly diagnoses: readonly Diagnosis[];
  /** Why inconclusive / not applicable, or what protected (CSRF). */
  readonly note?: string | undefined;
  readonly evidence: Readonly<Record<string, unknown>>;
}

export interface SessionTools {
  readonly config: TargetConfig;
  readonly cookies: CookieConfig;
  /** A fresh client (own cookie jar) per session: sessions must not share cookies. */
  readonly newClient: () => HttpClient;
  /** The Origin an attacker's page would have (WS_FOREIGN_ORIGIN). */
  readonly foreignOrigin: string;
}

interface Session {
  readonly http: HttpClient;
  readonly status: number;
  readonly access: string | undefined;
  readonly refresh: string | undefined;
  readonly idToken: string | undefined;
  readonly setCookies: readonly string[];
}

const ok = (status: number) => status >= 200 && status < 300;
/** A foreign Origin refused (CSRF): 401 or 403, whatever the bad-token contract says. */
const refused = (status: number) => status === 401 || status === 403;
/**
 * What an answer that is neither an acceptance nor the declared refusal means, judged by the one status verdict: a
 * redirect, a gateway answer or the application down is infrastructure (the case is inconclusive, with its code); a
 * crash while the service is up is the auth component broken. Undefined when the application judged the request.
 */
async function statusVerdict(tools: SessionTools, http: HttpClient, answer: HttpExchange, what: string) {
  const found = await serverErrorDiagnosis(answer, what, healthStatusOf(http, tools.config));
  return found === undefined ? undefined : { diagnosis: found, infra: kindOf(found.code) !== 'auth' };
}

async function startSession(
  tools: SessionTools,
  http = tools.newClient(),
  who: Credentials = tools.config.users.user,
): Promise<Session> {
  const result = await login(http, tools.config, who);
  // A token from TOKEN_COMMAND / TOKEN_VARIABLE has no login exchange: there is no session to attack.
  const exchange = result.exchange;
  if (exchange === undefined) throw new Error('session checks need a login through the target (LOGIN_PATH)');
  const setCookies = exchange.setCookies();
  const refreshCookie = tools.config.refresh?.cookie;
  const idToken = ok(exchange.status) ? jsonPath(safeJson(exchange.json), 'id_token') : undefined;
  return {
    http,
    status: exchange.status,
    access: result.token,
    refresh: refreshCookie === undefined ? undefined : rawSetCookieValue(setCookies, refreshCookie),
    idToken: typeof idToken === 'string' && idToken !== '' ? idToken : undefined,
    setCookies,
  };
}

function safeJson(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function inconclusive(
  note: string,
  evidence: Record<string, unknown> = {},
  diagnoses: readonly Diagnosis[] = [],
): SessionCheckResult {
  return { verdict: 'inconclusive', diagnoses, note, evidence };
}

function notApplicable(note: string): SessionCheckResult {
  return { verdict: 'not-applicable', diagnoses: [], note, evidence: {} };
}

/** The control route as a URL, and a Bearer call to it. */
async function callControl(tools: SessionTools, http: HttpClient, bearer: string, label: string): Promise<number> {
  return (await sendControl(tools, http, bearer, label)).status;
}

function sendControl(tools: SessionTools, http: HttpClient, bearer: string, label: string): Promise<HttpExchange> {
  const route = controlRoute(tools.config)!;
  return http.send(routeUrl(tools.config, route), { method: route.method, bearer, useJar: false, label });
}

/**
 * The access and refresh tokens from before logout: refused afterwards when the env declares that logout revokes
 * (COOKIE_LOGOUT_REVOKES); otherwise an accepted old token is a finding, not a failure.
 */
export async function checkOldTokensAfterLogout(tools: SessionTools): Promise<SessionCheckResult> {
  const { config } = tools;
  if (config.logoutPath === undefined) return notApplicable('no LOGOUT_PATH');
  if (controlRoute(config) === undefined) return notApplicable('no 2xx route in ROUTES for the control');
  const session = await startSession(tools);
  if (session.access === undefined) return inconclusive(`login gave no token (status ${session.status})`);
  const control = await callControl(tools, session.http, session.access, 'control: access token before logout');
  if (!ok(control)) return inconclusive(`the valid control got ${control}`, { control });
  const logout = await session.http.send(`${config.target.authUrl}${config.logoutPath}`, {
    method: 'POST',
    label: 'logout (session cookies)',
  });
  if (!ok(logout.status)) return inconclusive(`logout answered ${logout.status}`, { control, logout: logout.status });
  const access = await callControl(tools, session.http, session.access, 'old access token after logout');
  let refresh: number | undefined;
  if (config.refresh !== undefined && session.refresh !== undefined && config.refresh.cookie !== undefined) {
    refresh = (
      await session.http.send(`${config.target.authUrl}${config.refresh.path}`, {
        method: 'POST',
        headers: { cookie: `${config.refresh.cookie}=${session.refresh}` },
        useJar: false,
        label: 'old refresh token after logout',
      })
    ).status;
  }
  const evidence = {
    control,
    logout: logout.status,
    oldAccessToken: access,
    oldRefreshToken: refresh ?? 'not tried (no refresh cookie)',
    logoutRevokes: tools.cookies.logoutRevokes,
    accessTag: tokenTag(session.access),
  };
  const accepted = [
    ...(ok(access) ? [`the access token (${access} on ${routeLabelOf(tools)})`] : []),
    ...(refresh !== undefined && ok(refresh) ? [`the refresh token (${refresh} on ${config.refresh!.path})`] : []),
  ];
  if (accepted.length === 0) return { verdict: 'pass', diagnoses: [], evidence };
  const found = diagnosis(
    'AC_COOKIE_OLD_TOKEN_ACCEPTED',
    `after logout, ${accepted.join(' and ')} ${accepted.length > 1 ? 'are' : 'is'} still accepted${tools.cookies.logoutRevokes ? ' although COOKIE_LOGOUT_REVOKES=true' : ' (COOKIE_LOGOUT_REVOKES=false: reported, not failed)'}`,
    evidence,
  );
  return { verdict: tools.cookies.logoutRevokes ? 'fail' : 'finding', diagnoses: [found], evidence };
}

/** RFC 8725 §3.11–3.12: a refresh token, or an ID token, used as an access token is refused. */
export async function checkTokenTypeConfusion(tools: SessionTools): Promise<SessionCheckResult> {
  if (controlRoute(tools.config) === undefined) return notApplicable('no 2xx route in ROUTES for the control');
  const session = await startSession(tools);
  if (session.access === undefined) return inconclusive(`login gave no token (status ${session.status})`);
  // A login whose one session cookie serves as both (REFRESH_COOKIE = the token cookie) has no other token to try.
  const others = [
    ...(session.refresh === undefined ? [] : [{ type: 'refresh token', token: session.refresh }]),
    ...(session.idToken === undefined ? [] : [{ type: 'ID token', token: session.idToken }]),
  ].filter((other) => other.token !== session.access);
  if (others.length === 0) return notApplicable('the login issues no refresh token (REFRESH_COOKIE) and no id_token');
  const control = await callControl(tools, session.http, session.access, 'control: access token');
  if (!ok(control)) return inconclusive(`the valid control got ${control}`, { control });
  const statuses: Record<string, number> = {};
  const found: Diagnosis[] = [];
  const contract = tools.config.contract;
  for (const other of others) {
    const what = `${other.type} as access token`;
    const answer = await sendControl(tools, session.http, other.token, what);
    const status = answer.status;
    statuses[other.type] = status;
    if (isDeclaredRefusal(status, contract)) continue;
    const server = await statusVerdict(tools, session.http, answer, what);
    if (server?.infra) return inconclusive(server.diagnosis.summary, { control, ...statuses }, [server.diagnosis]);
    found.push(
      server?.diagnosis ??
        diagnosis(
          'AC_TOKEN_TYPE_CONFUSION',
          `the ${other.type} used as an access token on ${routeLabelOf(tools)} answered ${status} (the access token: ${control}); must be ${declaredRefusalText(contract)} (BAD_TOKEN_STATUS)`,
          { route: routeLabelOf(tools), tokenType: other.type, status, control, declared: contract.badTokenStatuses },
        ),
    );
  }
  return { verdict: found.length > 0 ? 'fail' : 'pass', diagnoses: found, evidence: { control, ...statuses } };
}

/**
 * Session fixation: a client arrives at login already holding a session (the attacker's, planted); after login every
 * session cookie the login sets must have a new value. The planted value is one this login cannot produce by chance:
 * another identity's session (ADMIN_USER, when its value differs from this user's) or else 32 random bytes. A login
 * that issues deterministic tokens (no `jti`, `iat` in seconds: the same user within one second gets a byte-identical
 * token) therefore never looks "not rotated"; only a login that keeps what the client held does.
 */
export async function checkSessionRotation(tools: SessionTools): Promise<SessionCheckResult> {
  const { config } = tools;
  const own = await startSession(tools);
  if (!ok(own.status)) return inconclusive(`the control login answered ${own.status}`);
  const names = tools.cookies.expectations
    .map((item) => item.name)
    .filter((name) => rawSetCookieValue(own.setCookies, name) !== undefined);
  if (names.length === 0) return notApplicable('the login sets none of the declared cookies');
  const other = config.users.admin === undefined ? undefined : await startSession(tools, undefined, config.users.admin);
  const planted = new Map<string, { value: string; source: string }>();
  for (const name of names) {
    const theirs = other !== undefined && ok(other.status) ? rawSetCookieValue(other.setCookies, name) : undefined;
    planted.set(
      name,
      theirs !== undefined && theirs !== rawSetCookieValue(own.setCookies, name)
        ? { value: theirs, source: 'another identity (ADMIN_USER)' }
        : { value: randomBytes(32).toString('base64url'), source: 'random' },
    );
  }
  const victim = tools.newClient();
  const authUrl = `${config.target.authUrl}${config.login.path}`;
  for (const [name, { value }] of planted) await victim.jar.setCookie(`${name}=${value}; Path=/`, authUrl);
  const session = await startSession(tools, victim);
  if (!ok(session.status)) return inconclusive(`login with a planted session answered ${session.status}`);
  const rows = names.map((name) => {
    const { value, source } = planted.get(name)!;
    const after = rawSetCookieValue(session.setCookies, name);
    return {
      cookie: name,
      plantedFrom: source,
      planted: tokenTag(value),
      afterLogin: after === undefined ? '(no Set-Cookie: the planted one stays)' : tokenTag(after),
      rotated: after !== undefined && after !== value,
    };
  });
  const stale = rows.filter((row) => !row.rotated);
  if (stale.length === 0) return { verdict: 'pass', diagnoses: [], evidence: { rows } };
  return {
    verdict: 'fail',
    diagnoses: stale.map((row) =>
      diagnosis(
        'AC_SESSION_NOT_ROTATED',
        `${row.cookie} is not rotated at login: a session cookie planted before login (${row.plantedFrom}) ${row.afterLogin.startsWith('(') ? 'is kept (the login sets none)' : 'is set again with the same value'}`,
        { ...row, loginStatus: session.status },
      ),
    ),
    evidence: { rows },
  };
}

/**
 * CSRF: CSRF_ROUTE with the session cookie from a foreign Origin is refused, while the same request from the app's
 * origin is accepted. Says what protects it: the target's Origin check (foreign refused, app accepted), and/or the
 * cookie's SameSite (Lax/Strict, or missing = Lax in Chromium: a browser would not send it on a cross-site POST).
 */
export async function checkCsrf(tools: SessionTools): Promise<SessionCheckResult> {
  const route = tools.cookies.csrfRoute;
  if (route === undefined) return notApplicable('no CSRF_ROUTE');
  const session = await startSession(tools);
  if (!ok(session.status)) return inconclusive(`login answered ${session.status}`);
  const url = `${tools.config.target.baseUrl}${route.path}`;
  const cookie = await session.http.jar.getCookieString(url);
  if (cookie === '') return inconclusive('the login set no cookie that the CSRF route would receive');
  const appOrigin = tools.cookies.app?.origin ?? new URL(tools.config.target.baseUrl).origin;
  const send = (origin: string, site: string, label: string) =>
    session.http.send(url, {
      method: route.method,
      headers: { cookie, origin, 'sec-fetch-site': site },
      json: {},
      useJar: false,
      label,
    });
  const control = (await send(appOrigin, 'same-site', 'control: session cookie from the app origin')).status;
  if (!ok(control))
    return inconclusive(
      `the control (session cookie, Origin ${appOrigin}) got ${control}: a CSRF token may be required, which this check does not send`,
      { control },
    );
  const attack = (await send(tools.foreignOrigin, 'cross-site', 'session cookie from a foreign origin')).status;
  const sessionCookie = tools.config.tokenCookie ?? tools.config.login.tokenCookie;
  const line = session.setCookies
    .map((item) => parseSetCookie(item))
    .find((item) => item !== undefined && item.name === sessionCookie);
  const sameSite = line === undefined ? undefined : (line.sameSite ?? 'Lax (missing: Chromium default)');
  const protections = [
    ...(refused(attack) || attack === 400
      ? [`Origin check (foreign Origin refused with ${attack}, the app's accepted)`]
      : []),
    ...(sameSite !== undefined && sameSite !== 'None'
      ? [`SameSite=${sameSite} on ${sessionCookie} (a browser does not send it on a cross-site POST)`]
      : []),
  ];
  const evidence = {
    route: `${route.method} ${route.path}`,
    foreignOrigin: tools.foreignOrigin,
    appOrigin,
    control,
    attack,
    sameSite: sameSite ?? 'unknown',
    protections,
  };
  if (protections.length > 0) return { verdict: 'pass', diagnoses: [], note: protections.join('; '), evidence };
  return {
    verdict: 'fail',
    diagnoses: [
      diagnosis(
        'AC_CSRF_UNPROTECTED',
        `${route.method} ${route.path} with the session cookie from ${tools.foreignOrigin} answered ${attack} (the app's origin: ${control}); no Origin check, no CSRF token, and ${sessionCookie ?? 'the session cookie'} is SameSite=${sameSite ?? 'unknown'}`,
        evidence,
      ),
    ],
    evidence,
  };
}

/** REFRESH_ROTATES: a refresh token used once is refused the second time, while the new one works (the control). */
export async function checkRefreshReuse(tools: SessionTools): Promise<SessionCheckResult> {
  const { config } = tools;
  if (!tools.cookies.refreshRotates) return notApplicable('REFRESH_ROTATES is not true');
  if (config.refresh?.cookie === undefined) return notApplicable('no REFRESH_PATH / REFRESH_COOKIE');
  const session = await startSession(tools);
  if (session.refresh === undefined) return inconclusive(`login set no ${config.refresh.cookie} (${session.status})`);
  const url = `${config.target.authUrl}${config.refresh.path}`;
  const refresh = (token: string, label: string) =>
    session.http.send(url, {
      method: 'POST',
      headers: { cookie: `${config.refresh!.cookie}=${token}` },
      useJar: false,
      label,
    });
  const first = await refresh(session.refresh, 'refresh (first use)');
  if (!ok(first.status)) return inconclusive(`the first refresh answered ${first.status}`, { first: first.status });
  const rotated = rawSetCookieValue(first.setCookies(), config.refresh.cookie);
  const reuse = await refresh(session.refresh, 'refresh (the same token again)');
  const second = reuse.status;
  const control =
    rotated === undefined || rotated === session.refresh
      ? undefined
      : (await refresh(rotated, 'control: the rotated refresh token')).status;
  const evidence = {
    first: first.status,
    reuse: second,
    rotatedTokenControl: control ?? 'no new refresh token was issued',
    oldTag: tokenTag(session.refresh),
    newTag: rotated === undefined ? 'none' : tokenTag(rotated),
  };
  const server = ok(second) ? undefined : await statusVerdict(tools, session.http, reuse, 'refresh token reused');
  if (server?.infra) return inconclusive(server.diagnosis.summary, evidence, [server.diagnosis]);
  if (server !== undefined) return { verdict: 'fail', diagnoses: [server.diagnosis], evidence };
  // A token endpoint refuses with 400 invalid_grant (RFC 6749 §5.2), an API with its declared bad-token status.
  if (isDeclaredRefusal(second, tools.config.contract, [400, 401, 403])) {
    if (control !== undefined && !ok(control))
      return inconclusive(`the rotated refresh token got ${control}`, evidence);
    return { verdict: 'pass', diagnoses: [], evidence };
  }
  return {
    verdict: 'fail',
    diagnoses: [
      diagnosis(
        'AC_REFRESH_REUSE_ACCEPTED',
        `a refresh token already used once was accepted again (${second}) although REFRESH_ROTATES=true${rotated === undefined || rotated === session.refresh ? '; the refresh issued no new refresh token' : ''}`,
        evidence,
      ),
    ],
    evidence,
  };
}

function routeLabelOf(tools: SessionTools): string {
  const route = controlRoute(tools.config)!;
  return `${route.method} ${route.path}`;
}
