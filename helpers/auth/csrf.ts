import type { CookieJar } from 'tough-cookie';
import type { CsrfConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import { jsonPath } from './token-location';

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfToken {
  readonly header: string;
  readonly value: string;
  /** Where it came from, for evidence: `cookie csrf_access_token`, `GET /csrf JSON field csrfToken`. */
  readonly from: string;
}

/**
 * The CSRF token a browser app would send on a state-changing cookie request to `url`: double-submit reads the
 * (non-HttpOnly) cookie from the jar the request uses (`refresh` picks CSRF_REFRESH_COOKIE, as flask-jwt-extended
 * pairs csrf_refresh_token with the refresh route); endpoint mode fetches CSRF_PATH with the same cookies and reads
 * the JSON field, a `<meta name="csrf-token">` / hidden input, or an `X-CSRF-Token` response header.
 * Undefined when the target hands out none: the caller reports that.
 */
export async function csrfToken(
  http: HttpClient,
  csrf: CsrfConfig,
  options: { jar: CookieJar; url: string; authUrl: string; step?: 'refresh' | 'other' },
): Promise<CsrfToken | undefined> {
  if (csrf.mode === 'double-submit') {
    const name = options.step === 'refresh' ? csrf.refreshCookie : csrf.cookie;
    const cookies = await options.jar.getCookies(options.url);
    const found = cookies.find((cookie) => cookie.key === name) ?? (await anyCookie(options.jar, name));
    return found?.value
      ? { header: csrf.header, value: decodeURIComponent(found.value), from: `cookie ${name}` }
      : undefined;
  }
  const url = `${options.authUrl}${csrf.path}`;
  const cookie = await options.jar.getCookieString(url);
  const exchange = await http.send(url, {
    headers: { ...(cookie ? { cookie } : {}), accept: 'application/json, text/html;q=0.9' },
    useJar: false,
    label: 'fetch CSRF token',
  });
  for (const line of exchange.setCookies()) await options.jar.setCookie(line, url, { ignoreError: true });
  if (exchange.status < 200 || exchange.status >= 300) return undefined;
  const from = `GET ${csrf.path}`;
  const json = exchange.json();
  if (json !== undefined) {
    for (const field of csrf.jsonField ? [csrf.jsonField] : ['csrfToken', 'csrf_token', 'csrf', 'token']) {
      const value = jsonPath(json, field);
      if (typeof value === 'string' && value)
        return { header: csrf.header, value, from: `${from} JSON field ${field}` };
    }
  }
  const html = fromHtml(exchange.body);
  if (html) return { header: csrf.header, value: html, from: `${from} page` };
  const header = exchange.header('x-csrf-token') ?? exchange.header('x-xsrf-token');
  return header ? { header: csrf.header, value: header, from: `${from} response header` } : undefined;
}

async function anyCookie(jar: CookieJar, name: string) {
  const all = (await jar.serialize()).cookies;
  const found = all.find((cookie) => cookie.key === name);
  return found && typeof found.value === 'string' ? { value: found.value } : undefined;
}

const META = /<meta\s+[^>]*name=["'](?:csrf-token|_csrf|csrf_token|xsrf-token)["'][^>]*>/i;
const INPUT = /<input\s+[^>]*name=["'](?:_csrf|csrf_token|csrfmiddlewaretoken|authenticity_token|_token)["'][^>]*>/i;

function fromHtml(body: string): string | undefined {
  for (const pattern of [META, INPUT]) {
    const tag = pattern.exec(body)?.[0];
    const value = tag && /(?:content|value)=["']([^"']+)["']/i.exec(tag)?.[1];
    if (value) return value;
  }
  return undefined;
}

/** Does a refusal's text say the CSRF token was missing or wrong (flask-jwt-extended, csrf-csrf, Django, Rails)? */
export function mentionsCsrf(text: string | undefined): boolean {
  return text !== undefined && /csrf|xsrf/i.test(text);
}
