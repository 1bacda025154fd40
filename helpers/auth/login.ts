import type { Credentials, TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import { usesTokenEndpoint } from '../env/oauth-config';
import { oauthLogin } from '../oidc/oauth-login';
import { encodeBody } from './request-body';
import { serverReason } from './scrubbed-reason';
import { tokenFromBrowser } from './browser-token';
import { runTokenCommand } from './token-command';
import { jsonPath, tokenFromResponse, type TokenPlace } from './token-location';

export { jsonPath, rawSetCookieValue } from './token-location';

export interface LoginResult {
  /** The access token from the place the env names; undefined when the login gave none. */
  readonly token: string | undefined;
  /** Where the token was found: the login response (json, cookie, header) or a token source. */
  readonly from: TokenPlace | 'command' | 'variable' | 'browser' | undefined;
  /** The login exchange; undefined when a token source (TOKEN_COMMAND / TOKEN_VARIABLE) replaced the login. */
  readonly exchange: HttpExchange | undefined;
  /** The refresh token, when REFRESH_FIELD declares a body refresh and the login returned one. */
  readonly refreshToken?: string | undefined;
  /** Why no token: the server's own reason (scrubbed), or what was missing. */
  readonly reason?: string | undefined;
}

/** Tokens from a command or a browser login, acquired once per process. */
const acquiredTokens = new Map<string, Promise<string>>();

/**
 * Logs in through the target's real flow (not minted), shaped by the env (LOGIN_BODY, field paths, extra fields,
 * headers, where the token comes back), or takes the token from TOKEN_COMMAND / TOKEN_VARIABLE.
 * `env` is the process environment given to TOKEN_COMMAND when the run has not already acquired its token.
 */
export async function login(
  http: HttpClient,
  config: TargetConfig,
  who: Credentials,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<LoginResult> {
  // A token source stands in for the test user's login only; the admin still logs in through LOGIN_PATH.
  const source = who.username === config.users.user.username ? config.tokenSource : undefined;
  if (source?.kind === 'variable') {
    const token = source.token ? new TextDecoder().decode(source.token.reveal()) : undefined;
    return {
      token,
      from: token ? 'variable' : undefined,
      exchange: undefined,
      reason: token ? undefined : `${source.name} is not set`,
    };
  }
  if (source?.kind === 'command' || source?.kind === 'browser') {
    if (source.acquired)
      return { token: new TextDecoder().decode(source.acquired.reveal()), from: source.kind, exchange: undefined };
    const key =
      source.kind === 'command'
        ? `command:${source.command}`
        : `browser:${JSON.stringify([source.app.url, source.cookie, source.storageKey, source.storageField])}`;
    let pending = acquiredTokens.get(key);
    if (!pending) {
      const acquiring =
        source.kind === 'command'
          ? runTokenCommand(source.command, { timeoutMs: source.timeoutMs, env })
          : tokenFromBrowser(source, who, { chromiumPath: env['AUTHCANARY_CHROMIUM'] });
      pending = acquiring.then((secret) => new TextDecoder().decode(secret.reveal()));
      acquiredTokens.set(key, pending);
      pending.catch(() => acquiredTokens.delete(key));
    }
    return { token: await pending, from: source.kind, exchange: undefined };
  }

  // An OAuth2 / OIDC provider: the declared grant at its token endpoint (form-encoded, RFC 6749).
  if (usesTokenEndpoint(config.oauth)) return oauthLogin(http, config, who);
  const shape = config.login;
  const body = encodeBody(shape, [
    [shape.usernameField, who.username],
    [shape.passwordField, who.password],
  ]);
  const exchange = await http.send(`${config.target.authUrl}${shape.path}`, {
    method: 'POST',
    headers: body.headers,
    body: body.text,
    label: `login as ${who.username} (${shape.encoding} body)`,
  });
  if (exchange.status < 200 || exchange.status >= 300)
    return {
      token: undefined,
      from: undefined,
      exchange,
      reason: serverReason(exchange, [who.password.reveal()]) ?? `HTTP ${exchange.status}`,
    };
  const found = tokenFromResponse(exchange, {
    jsonField: shape.tokenJsonField,
    cookie: shape.tokenCookie,
    header: shape.tokenHeader,
  });
  const refreshField = config.refresh?.body?.loginJsonField;
  const refreshToken = refreshField ? jsonPath(exchange.json(), refreshField) : undefined;
  return {
    token: found?.token,
    from: found?.from,
    exchange,
    refreshToken: typeof refreshToken === 'string' && refreshToken.length > 0 ? refreshToken : undefined,
  };
}
