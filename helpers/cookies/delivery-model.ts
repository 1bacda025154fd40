import { Cookie, CookieJar, domainMatch, pathMatch } from 'tough-cookie';
import { parseSetCookie } from './parse-set-cookie';
import { isCrossSite } from './site';

/** What the non-browser model says about one cookie on one route. */
export interface ModelVerdict {
  readonly sent: boolean;
  /** Why not (or a caveat when sent): path, samesite, domain, secure, expired, not-stored, absent. */
  readonly reason?: 'path' | 'samesite' | 'domain' | 'secure' | 'expired' | 'not-stored' | 'absent' | undefined;
  readonly detail?: string | undefined;
}

export interface StoreOutcome {
  readonly name: string;
  readonly stored: boolean;
  readonly error?: string | undefined;
}

type Context = 'none' | 'lax' | 'strict';

/**
 * The tough-cookie model of a client, with an explicit sameSiteContext (tough-cookie ignores SameSite without one) and
 * strict prefix security. Known differences from Chromium: it stores SameSite=None without Secure,
 * treats a missing SameSite as None (Chromium: Lax), ignores Partitioned, sends Secure cookies over http to loopback.
 */
export class DeliveryModel {
  readonly jar = new CookieJar(undefined, { prefixSecurity: 'strict', rejectPublicSuffixes: true });
  /** Last store failure per cookie name (evidence for "not-stored"). */
  readonly #refused = new Map<string, string>();

  /** Applies a response's raw Set-Cookie lines as a fetch from `callerUrl` (the page's URL) would. */
  async apply(lines: readonly string[], responseUrl: string, callerUrl: string): Promise<StoreOutcome[]> {
    const sameSiteContext = contextFor(callerUrl, responseUrl);
    const out: StoreOutcome[] = [];
    for (const line of lines) {
      // The parser's name: a nameless cookie's text is its value, never a name to record.
      const name = parseSetCookie(line)?.name ?? '';
      try {
        const stored = await this.jar.setCookie(line, responseUrl, { sameSiteContext, http: true, ignoreError: false });
        out.push({ name, stored: stored !== undefined });
        this.#refused.delete(name);
      } catch (error) {
        const message = error instanceof Error ? error.message : 'refused';
        this.#refused.set(name, message);
        out.push({ name, stored: false, error: message });
      }
    }
    return out;
  }

  async verdict(name: string, routeUrl: string, callerUrl: string): Promise<ModelVerdict> {
    const sameSiteContext = contextFor(callerUrl, routeUrl);
    const sent = await this.jar.getCookies(routeUrl, { sameSiteContext, http: true });
    if (sent.some((cookie) => cookie.key === name)) return { sent: true };
    const cookie = (await this.#stored(name))[0];
    if (cookie === undefined) {
      const refused = this.#refused.get(name);
      return refused === undefined
        ? { sent: false, reason: 'absent' }
        : { sent: false, reason: 'not-stored', detail: refused };
    }
    return { sent: false, ...explain(cookie, new URL(routeUrl), sameSiteContext) };
  }

  /** Every stored cookie of that name, whatever its domain and path. */
  async #stored(name: string): Promise<Cookie[]> {
    const serialized = await this.jar.serialize();
    return serialized.cookies
      .filter((item) => item.key === name)
      .map((item) => Cookie.fromJSON(item))
      .filter((item): item is Cookie => item !== undefined);
  }

  /** Whether any cookie of that name is still stored (after logout it must not be). */
  async has(name: string): Promise<boolean> {
    return (await this.#stored(name)).some((cookie) => {
      const expiry = cookie.expiryTime();
      return expiry === undefined || expiry > Date.now();
    });
  }
}

function contextFor(callerUrl: string, targetUrl: string): Context {
  return isCrossSite(callerUrl, targetUrl) ? 'none' : 'strict';
}

function explain(cookie: Cookie, route: URL, context: Context): Pick<ModelVerdict, 'reason' | 'detail'> {
  const host = route.hostname.replace(/^\[|\]$/g, '');
  if (cookie.domain && !(cookie.hostOnly ? cookie.domain === host : domainMatch(host, cookie.domain))) {
    return {
      reason: 'domain',
      detail: `cookie domain ${cookie.domain}${cookie.hostOnly ? ' (host-only)' : ''} does not match ${host}`,
    };
  }
  if (cookie.path && !pathMatch(route.pathname, cookie.path))
    return { reason: 'path', detail: `Path=${cookie.path} does not cover ${route.pathname}` };
  const expiry = cookie.expiryTime();
  if (expiry !== undefined && expiry <= Date.now()) return { reason: 'expired', detail: 'cookie expired' };
  if (context === 'none' && (cookie.sameSite === 'lax' || cookie.sameSite === 'strict'))
    return { reason: 'samesite', detail: `SameSite=${cookie.sameSite} on a cross-site request` };
  if (cookie.secure && route.protocol !== 'https:') return { reason: 'secure', detail: 'Secure cookie on plain http' };
  return { detail: 'not sent for an unexplained reason' };
}
