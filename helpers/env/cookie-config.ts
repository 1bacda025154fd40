import type { TargetEnv } from './schema';
import type { CookieExpectation, CookieRoute } from './cookie-env';

/** The app page the browser suite drives: where it is and how to log in and out through it. */
export interface AppConfig {
  readonly url: string;
  readonly origin: string;
  readonly usernameSelector: string;
  readonly passwordSelector: string;
  readonly submitSelector: string;
  readonly logoutSelector: string;
  readonly hostResolverRules?: string | undefined;
}

/** The cookies the target must set and the routes each must reach (COOKIE_* and APP_* keys). Nothing is tuned to the reference. */
export interface CookieConfig {
  readonly expectations: readonly CookieExpectation[];
  readonly routes: Readonly<Record<string, readonly CookieRoute[]>>;
  readonly maxBytes: number;
  readonly logoutRevokes: boolean;
  /** REFRESH_ROTATES: a refresh token is single-use; using it again must be refused. */
  readonly refreshRotates: boolean;
  /** CSRF_ROUTE: a cookie-authenticated state-changing route, for the CSRF check. */
  readonly csrfRoute?: { readonly method: string; readonly path: string } | undefined;
  /** Undefined: the browser suite is skipped. */
  readonly app?: AppConfig | undefined;
}

export function toCookieConfig(env: TargetEnv): CookieConfig | undefined {
  if (env.COOKIE_EXPECT === undefined) return undefined;
  return {
    expectations: env.COOKIE_EXPECT,
    routes: env.COOKIE_ROUTES ?? {},
    maxBytes: env.COOKIE_MAX_BYTES,
    logoutRevokes: env.COOKIE_LOGOUT_REVOKES,
    refreshRotates: env.REFRESH_ROTATES,
    csrfRoute:
      env.CSRF_ROUTE === undefined
        ? undefined
        : { method: env.CSRF_ROUTE.split(' ')[0]!, path: env.CSRF_ROUTE.slice(env.CSRF_ROUTE.indexOf(' ') + 1) },
    app:
      env.APP_URL === undefined
        ? undefined
        : {
            url: env.APP_URL,
            origin: new URL(env.APP_URL).origin,
            usernameSelector: env.APP_USERNAME_SELECTOR,
            passwordSelector: env.APP_PASSWORD_SELECTOR,
            submitSelector: env.APP_SUBMIT_SELECTOR,
            logoutSelector: env.APP_LOGOUT_SELECTOR,
            hostResolverRules: env.APP_HOST_RESOLVER_RULES,
          },
  };
}
