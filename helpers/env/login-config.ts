import type { RequestShape } from '../auth/request-body';
import type { TokenLocation } from '../auth/token-location';
import { COMMAND_TOKEN_VARIABLE } from '../auth/token-command';
import { Secret } from '../secret/secret';
import type { TargetEnv } from './schema';

/** How the target's real login is called and where its token comes back (LOGIN_*). */
export interface LoginConfig extends RequestShape {
  /** Empty when a token source (TOKEN_COMMAND / TOKEN_VARIABLE) replaces the login. */
  readonly path: string;
  /** Dotted paths for JSON bodies (`AuthParameters.USERNAME`), literal keys for form bodies. */
  readonly usernameField: string;
  readonly passwordField: string;
  readonly tokenJsonField?: string | undefined;
  readonly tokenCookie?: string | undefined;
  readonly tokenHeader?: string | undefined;
}

/** How the refresh step sends the refresh token: in a cookie (the jar), or in a body field (REFRESH_FIELD). */
export interface RefreshConfig {
  readonly path: string;
  readonly cookie?: string | undefined;
  readonly body?:
    | (RequestShape & {
        /** The body field (path) the refresh token goes in: simplejwt `refresh`, OAuth2 `refresh_token`. */
        readonly field: string;
        /** Where the login response carries the refresh token (dotted JSON path). */
        readonly loginJsonField: string;
      })
    | undefined;
  /** Where the refresh response carries the new access token. */
  readonly access: TokenLocation;
}

/** CSRF protection the target expects on state-changing cookie-authenticated requests (CSRF_*). */
export type CsrfConfig =
  | { readonly mode: 'double-submit'; readonly cookie: string; readonly refreshCookie: string; readonly header: string }
  | {
      readonly mode: 'endpoint';
      readonly path: string;
      readonly jsonField?: string | undefined;
      readonly header: string;
    };

/** A token acquired outside the harness's login (flows no template expresses: PKCE, MFA, device code). */
export type TokenSource =
  | {
      readonly kind: 'command';
      readonly command: string;
      readonly timeoutMs: number;
      /** Already run by `authcanary run` before the suites (passed to workers in COMMAND_TOKEN_VARIABLE). */
      readonly acquired: Secret | undefined;
    }
  | { readonly kind: 'variable'; readonly name: string; readonly token: Secret | undefined }
  | {
      readonly kind: 'browser';
      readonly app: BrowserLogin;
      /** Where the app keeps the token once logged in. */
      readonly cookie?: string | undefined;
      readonly storageKey?: string | undefined;
      /** A dotted path inside a JSON storage value (oidc-client, MSAL and Amplify store JSON). */
      readonly storageField?: string | undefined;
      readonly timeoutMs: number;
      readonly acquired: Secret | undefined;
    };

/** The app page's login form, for the browser token source (APP_URL, APP_*_SELECTOR). */
export interface BrowserLogin {
  readonly url: string;
  readonly usernameSelector: string;
  readonly passwordSelector: string;
  readonly submitSelector: string;
  readonly hostResolverRules?: string | undefined;
}

export function toLoginConfig(env: TargetEnv): LoginConfig {
  return {
    path: env.LOGIN_PATH ?? '',
    encoding: env.LOGIN_BODY,
    usernameField: env.LOGIN_USERNAME_FIELD,
    passwordField: env.LOGIN_PASSWORD_FIELD,
    extraFields: env.LOGIN_EXTRA_FIELDS ?? {},
    headers: env.LOGIN_HEADERS ?? {},
    tokenJsonField: env.LOGIN_TOKEN_JSON_FIELD,
    tokenCookie: env.LOGIN_TOKEN_COOKIE,
    tokenHeader: env.LOGIN_TOKEN_HEADER,
  };
}

export function toRefreshConfig(env: TargetEnv): RefreshConfig | undefined {
  if (!env.REFRESH_PATH) return undefined;
  return {
    path: env.REFRESH_PATH,
    cookie: env.REFRESH_COOKIE,
    body: env.REFRESH_FIELD
      ? {
          field: env.REFRESH_FIELD,
          loginJsonField: env.REFRESH_TOKEN_JSON_FIELD ?? env.REFRESH_FIELD,
          encoding: env.REFRESH_BODY,
          extraFields: env.REFRESH_EXTRA_FIELDS ?? {},
          headers: env.REFRESH_HEADERS ?? {},
        }
      : undefined,
    access: {
      jsonField: env.REFRESH_ACCESS_JSON_FIELD ?? env.LOGIN_TOKEN_JSON_FIELD,
      cookie: env.LOGIN_TOKEN_COOKIE,
      header: env.LOGIN_TOKEN_HEADER,
    },
  };
}

export function toCsrfConfig(env: TargetEnv): CsrfConfig | undefined {
  if (env.CSRF_MODE === 'double-submit' && env.CSRF_COOKIE)
    return {
      mode: 'double-submit',
      cookie: env.CSRF_COOKIE,
      refreshCookie: env.CSRF_REFRESH_COOKIE ?? env.CSRF_COOKIE,
      header: env.CSRF_HEADER,
    };
  if (env.CSRF_MODE === 'endpoint' && env.CSRF_PATH)
    return { mode: 'endpoint', path: env.CSRF_PATH, jsonField: env.CSRF_TOKEN_JSON_FIELD, header: env.CSRF_HEADER };
  return undefined;
}

/** The token source, reading TOKEN_VARIABLE's value from the merged variables as a Secret (never kept as text). */
export function toTokenSource(
  env: TargetEnv,
  variables: Readonly<Record<string, string | undefined>>,
): TokenSource | undefined {
  if (env.TOKEN_COMMAND)
    return {
      kind: 'command',
      command: env.TOKEN_COMMAND,
      timeoutMs: env.TOKEN_COMMAND_TIMEOUT,
      acquired: secretFrom(variables, COMMAND_TOKEN_VARIABLE, `command:${env.TOKEN_COMMAND.split(/\s/, 1)[0]}`),
    };
  if ((env.TOKEN_BROWSER_COOKIE || env.TOKEN_BROWSER_STORAGE) && env.APP_URL)
    return {
      kind: 'browser',
      app: {
        url: env.APP_URL,
        usernameSelector: env.APP_USERNAME_SELECTOR,
        passwordSelector: env.APP_PASSWORD_SELECTOR,
        submitSelector: env.APP_SUBMIT_SELECTOR,
        hostResolverRules: env.APP_HOST_RESOLVER_RULES,
      },
      cookie: env.TOKEN_BROWSER_COOKIE,
      storageKey: env.TOKEN_BROWSER_STORAGE,
      storageField: env.TOKEN_BROWSER_STORAGE_FIELD,
      timeoutMs: env.TOKEN_BROWSER_TIMEOUT,
      acquired: secretFrom(variables, COMMAND_TOKEN_VARIABLE, 'browser:app login'),
    };
  if (env.TOKEN_VARIABLE)
    return {
      kind: 'variable',
      name: env.TOKEN_VARIABLE,
      token: secretFrom(variables, env.TOKEN_VARIABLE, `env:${env.TOKEN_VARIABLE}`),
    };
  return undefined;
}

function secretFrom(
  variables: Readonly<Record<string, string | undefined>>,
  name: string,
  source: string,
): Secret | undefined {
  const value = variables[name]?.trim();
  return value ? new Secret(new TextEncoder().encode(value), source) : undefined;
}
