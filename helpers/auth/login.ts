import type { Credentials, TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import { usesTokenEndpoint } from '../env/oauth-config';
import { oauthLogin } from '../oidc/oauth-login';

export interface LoginResult {
  /** The access token, from the JSON field or the cookie the env names; undefined when the login gave none. */
  readonly token: string | undefined;
  /** Where the token was found. */
  readonly from: 'json' | 'cookie' | undefined;
  readonly exchange: HttpExchange;
  /** An OAuth2 refresh token, when the token endpoint returned one. */
  readonly refreshToken?: string;
}

/** Logs in through the target's real flow (not minted): what a user's browser or app would get. */
export async function login(http: HttpClient, config: TargetConfig, who: Credentials): Promise<LoginResult> {
  if (usesTokenEndpoint(config.oauth)) return oauthLogin(http, config, who);
  const exchange = await http.send(`${config.target.authUrl}${config.login.path}`, {
    method: 'POST',
    json: {
      [config.login.usernameField]: who.username,
      [config.login.passwordField]: new TextDecoder().decode(who.password.reveal()),
    },
    label: `login as ${who.username}`,
  });
  if (exchange.status < 200 || exchange.status >= 300) return { token: undefined, from: undefined, exchange };
  if (config.login.tokenJsonField) {
    const token = jsonPath(exchange.json(), config.login.tokenJsonField);
    if (typeof token === 'string' && token.length > 0) return { token, from: 'json', exchange };
  }
  if (config.login.tokenCookie) {
    const raw = rawSetCookieValue(exchange.setCookies(), config.login.tokenCookie);
    const token = raw ? decodeURIComponent(raw.trim().replace(/^"|"$/g, '')) : undefined;
    if (token) return { token, from: 'cookie', exchange };
  }
  return { token: undefined, from: undefined, exchange };
}

/** A value at a dotted path in a JSON body (`data.token`). */
export function jsonPath(value: unknown, dottedPath: string): unknown {
  let current = value;
  for (const key of dottedPath.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A cookie's value exactly as the server wrote it in Set-Cookie (undecoded: its encoding may be the finding). */
export function rawSetCookieValue(setCookies: readonly string[], name: string): string | undefined {
  for (const header of setCookies) {
    const pair = header.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name)
      return pair.slice(eq + 1).length > 0 ? pair.slice(eq + 1) : undefined;
  }
  return undefined;
}
