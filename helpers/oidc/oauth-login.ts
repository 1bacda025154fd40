import type { LoginResult } from '../auth/login';
import type { Credentials, TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import { OidcError } from './oidc-error';
import { connectProvider } from './provider';
import { requestToken } from './token-request';

/**
 * The login of an OAuth2 provider: the declared grant at the token endpoint (discovered or declared).
 * password uses the given user; client_credentials uses the client alone.
 */
export async function oauthLogin(
  http: HttpClient,
  config: TargetConfig,
  who: Credentials,
  overrides: { readonly resource?: string } = {},
): Promise<LoginResult & { readonly exchange: HttpExchange }> {
  const provider = await connectProvider(http, config);
  const tokenEndpoint = provider.metadata.tokenEndpoint;
  if (tokenEndpoint === undefined)
    throw new OidcError('ERR_OIDC_TOKEN', 'no token endpoint', 'set OIDC_ISSUER (discovery) or OAUTH_TOKEN_ENDPOINT');
  const oauth = config.oauth && overrides.resource ? { ...config.oauth, resource: overrides.resource } : config.oauth;
  const response = await requestToken(
    http,
    { ...config, oauth },
    tokenEndpoint,
    config.oauth?.grant === 'client_credentials' ? { grant: 'client_credentials' } : { grant: 'password', user: who },
  );
  return {
    token: response.accessToken,
    from: response.accessToken ? 'json' : undefined,
    exchange: response.exchange,
    ...(response.refreshToken ? { refreshToken: response.refreshToken } : {}),
  };
}
