import type { Credentials, TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';

/**
 * An OAuth2 token request (RFC 6749 §4.3.2 password, §4.4.2 client_credentials, §6 refresh_token): a form-encoded
 * POST to the token endpoint, the client authenticated per §2.3.1 — HTTP Basic with the form-urlencoded id and
 * secret (client_secret_basic), or both in the body (client_secret_post).
 */
export type TokenGrant =
  | { readonly grant: 'password'; readonly user: Credentials }
  | { readonly grant: 'client_credentials' }
  | { readonly grant: 'refresh_token'; readonly refreshToken: string };

export interface TokenResponse {
  readonly exchange: HttpExchange;
  readonly accessToken?: string | undefined;
  readonly refreshToken?: string | undefined;
  readonly tokenType?: string | undefined;
  /** RFC 6749 §5.2 error and description, when the endpoint refused. */
  readonly error?: string | undefined;
  readonly errorDescription?: string | undefined;
}

export async function requestToken(
  http: HttpClient,
  config: TargetConfig,
  tokenEndpoint: string,
  request: TokenGrant,
): Promise<TokenResponse> {
  const oauth = config.oauth;
  const form: Record<string, string> = { grant_type: request.grant };
  if (request.grant === 'password') {
    form['username'] = request.user.username;
    form['password'] = new TextDecoder().decode(request.user.password.reveal());
  }
  if (request.grant === 'refresh_token') form['refresh_token'] = request.refreshToken;
  if (oauth?.scope) form['scope'] = oauth.scope;
  if (oauth?.resource) form['resource'] = oauth.resource;
  const headers: Record<string, string> = {};
  const secret = oauth?.clientSecret ? new TextDecoder().decode(oauth.clientSecret.reveal()) : undefined;
  if (oauth?.clientId) {
    if (oauth.clientAuth === 'client_secret_basic' && secret !== undefined) {
      // §2.3.1: each part is form-urlencoded before the Basic encoding.
      const pair = `${formEncode(oauth.clientId)}:${formEncode(secret)}`;
      headers['authorization'] = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      form['client_id'] = oauth.clientId;
      if (oauth.clientAuth === 'client_secret_post' && secret !== undefined) form['client_secret'] = secret;
    }
  }
  const exchange = await http.send(tokenEndpoint, {
    method: 'POST',
    form,
    headers,
    useJar: false,
    label: `token request (${request.grant}, ${oauth?.clientAuth ?? 'no client auth'})`,
  });
  const body = exchange.json();
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return {
    exchange,
    accessToken: exchange.status === 200 ? text('access_token') : undefined,
    refreshToken: exchange.status === 200 ? text('refresh_token') : undefined,
    tokenType: text('token_type'),
    error: text('error'),
    errorDescription: text('error_description'),
  };
}

/** application/x-www-form-urlencoded for one value (space as +), as RFC 6749 Appendix B requires. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
