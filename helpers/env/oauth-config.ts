import { Secret } from '../secret/secret';
import type { TargetEnv } from './schema';

/**
 * How the target hands out tokens when it is an OAuth2 / OpenID Connect provider (OIDC_ISSUER or
 * OAUTH_TOKEN_ENDPOINT declared): the token request (RFC 6749 §4.3 / §4.4, form-encoded), the client's
 * authentication (§2.3.1), and where the published keys are (discovery or JWKS_URL).
 */
export type OAuthGrant = 'password' | 'client_credentials';
export type ClientAuth = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface OAuthConfig {
  /** The issuer identifier; discovery is read from `<issuer>/.well-known/openid-configuration`. */
  readonly issuer?: string | undefined;
  /** An explicit token endpoint (wins over discovery's). */
  readonly tokenEndpoint?: string | undefined;
  /** An explicit JWKS URL (wins over discovery's `jwks_uri`). */
  readonly jwksUrl?: string | undefined;
  readonly grant: OAuthGrant;
  readonly clientId?: string | undefined;
  readonly clientSecret?: Secret | undefined;
  readonly clientAuth: ClientAuth;
  readonly scope?: string | undefined;
  readonly resource?: string | undefined;
  /** Another resource of the same provider, whose tokens this API must refuse. */
  readonly otherResource?: string | undefined;
}

/** Tokens come from the provider's token endpoint (not from LOGIN_PATH). A JWKS_URL alone only adds verification. */
export function usesTokenEndpoint(oauth: OAuthConfig | undefined): boolean {
  return oauth !== undefined && (oauth.issuer !== undefined || oauth.tokenEndpoint !== undefined);
}

export function toOAuthConfig(env: TargetEnv): OAuthConfig | undefined {
  if (env.OIDC_ISSUER === undefined && env.OAUTH_TOKEN_ENDPOINT === undefined && env.JWKS_URL === undefined)
    return undefined;
  return {
    issuer: env.OIDC_ISSUER,
    tokenEndpoint: env.OAUTH_TOKEN_ENDPOINT,
    jwksUrl: env.JWKS_URL,
    grant: env.OAUTH_GRANT,
    clientId: env.OAUTH_CLIENT_ID,
    clientSecret:
      env.OAUTH_CLIENT_SECRET === undefined
        ? undefined
        : new Secret(new TextEncoder().encode(env.OAUTH_CLIENT_SECRET), 'env:OAUTH_CLIENT_SECRET'),
    clientAuth: env.OAUTH_CLIENT_AUTH,
    scope: env.OAUTH_SCOPE,
    resource: env.OAUTH_RESOURCE,
    otherResource: env.OAUTH_OTHER_RESOURCE,
  };
}
