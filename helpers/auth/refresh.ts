import type { CookieJar } from 'tough-cookie';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import { csrfToken, type CsrfToken } from './csrf';
import { encodeBody } from './request-body';
import { serverReason } from './scrubbed-reason';
import { tokenFromResponse, type TokenPlace } from './token-location';

export interface RefreshResult {
  /** Undefined when the refresh could not be sent (body mode and the login returned no refresh token). */
  readonly exchange: HttpExchange | undefined;
  readonly token: string | undefined;
  readonly from: TokenPlace | undefined;
  readonly sentBy: 'cookie' | 'body';
  /** The CSRF token sent with it, or undefined (none declared, or none found: see csrfMissing). */
  readonly csrf: CsrfToken | undefined;
  /** CSRF is declared but the target handed out no token to send. */
  readonly csrfMissing: boolean;
  readonly reason?: string | undefined;
}

/**
 * Calls the declared refresh step: the refresh token in a body field (REFRESH_FIELD, json or form) or in the
 * cookies of `jar`; with the CSRF header when the env declares CSRF (the refresh is a state-changing cookie request).
 * `withCsrf: false` leaves the header out on purpose (the "CSRF enforced" probe).
 */
export async function refresh(
  http: HttpClient,
  config: TargetConfig,
  options: {
    jar: CookieJar;
    refreshToken?: string | undefined;
    withCsrf?: boolean;
    label?: string;
    /** The Cookie header for a URL, when the caller models browser rules (SameSite) itself; default: the jar's. */
    cookieHeader?: (url: string) => Promise<string>;
    /** Store the response's cookies in `jar` (default true; false when the caller applies them itself). */
    store?: boolean;
  },
): Promise<RefreshResult | undefined> {
  const declared = config.refresh;
  if (!declared) return undefined;
  const url = `${config.target.authUrl}${declared.path}`;
  const sentBy = declared.body ? 'body' : 'cookie';
  const headers: Record<string, string> = {};
  let text: string | undefined;
  if (declared.body) {
    if (!options.refreshToken)
      return {
        exchange: undefined,
        token: undefined,
        from: undefined,
        sentBy,
        csrf: undefined,
        csrfMissing: false,
        reason: `the login returned no refresh token in JSON field ${declared.body.loginJsonField}`,
      };
    const body = encodeBody(declared.body, [[declared.body.field, options.refreshToken]]);
    Object.assign(headers, body.headers);
    text = body.text;
  }
  const cookies = options.cookieHeader ?? ((target: string) => options.jar.getCookieString(target));
  let cookie = await cookies(url);
  let csrf: CsrfToken | undefined;
  let csrfMissing = false;
  if (config.csrf && cookie && options.withCsrf !== false) {
    csrf = await csrfToken(http, config.csrf, {
      jar: options.jar,
      url,
      authUrl: config.target.authUrl,
      step: 'refresh',
    });
    if (csrf) headers[csrf.header.toLowerCase()] = csrf.value;
    else csrfMissing = true;
    // Fetching the token may set cookies the check needs (csrf-csrf's secret cookie, a session).
    cookie = await cookies(url);
  }
  if (cookie) headers['cookie'] = cookie;
  const exchange = await http.send(url, {
    method: 'POST',
    headers,
    ...(text !== undefined ? { body: text } : {}),
    useJar: false,
    label: options.label ?? `refresh (${sentBy}${csrf ? ', CSRF header' : ''})`,
  });
  if (options.store !== false)
    for (const line of exchange.setCookies()) await options.jar.setCookie(line, url, { ignoreError: true });
  const ok = exchange.status >= 200 && exchange.status < 300;
  const found = ok ? tokenFromResponse(exchange, declared.access) : undefined;
  return {
    exchange,
    token: found?.token,
    from: found?.from,
    sentBy,
    csrf,
    csrfMissing,
    reason: ok
      ? undefined
      : (serverReason(exchange, options.refreshToken ? [options.refreshToken] : []) ?? `HTTP ${exchange.status}`),
  };
}
