import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import { isAllowedProviderUrl } from './allowed-urls';
import { OidcError } from './oidc-error';

/** What the harness needs from the provider: who it is, where tokens come from, where its keys are. */
export interface ProviderMetadata {
  /** The issuer identifier tokens must carry in `iss` (the discovery document's, equal to the declared one). */
  readonly issuer?: string | undefined;
  /** Undefined when only JWKS_URL is declared (the login is LOGIN_PATH's). */
  readonly tokenEndpoint?: string | undefined;
  readonly jwksUri?: string | undefined;
  /** Algorithms the provider says it signs ID tokens with (a hint; access tokens are checked against JWT_ALG). */
  readonly signingAlgs: readonly string[];
  readonly from: 'discovery' | 'declared';
}

const WELL_KNOWN = '/.well-known/openid-configuration';

/**
 * OpenID Connect Discovery 1.0 §4: GET `<issuer>/.well-known/openid-configuration`; the document's `issuer` must be
 * identical to the declared one (§4.3). Declared OAUTH_TOKEN_ENDPOINT / JWKS_URL win over the document's.
 * Without OIDC_ISSUER nothing is fetched.
 */
export async function discoverProvider(http: HttpClient, config: TargetConfig): Promise<ProviderMetadata> {
  const oauth = config.oauth;
  if (!oauth) throw new OidcError('ERR_OIDC_DISCOVERY', 'the env declares no OAuth2 provider', 'set OIDC_ISSUER');
  if (!oauth.issuer) {
    return { tokenEndpoint: oauth.tokenEndpoint, jwksUri: oauth.jwksUrl, signingAlgs: [], from: 'declared' };
  }
  // §4.1: any trailing "/" of the issuer is removed before appending the well-known path.
  const url = `${oauth.issuer.replace(/\/+$/, '')}${WELL_KNOWN}`;
  const exchange = await http.send(url, { useJar: false, label: 'OIDC discovery' });
  const document = exchange.json();
  if (exchange.status !== 200 || typeof document !== 'object' || document === null)
    throw new OidcError(
      'ERR_OIDC_DISCOVERY',
      `${url} answered ${exchange.status}${typeof document === 'object' && document !== null ? '' : ' without a JSON document'}`,
      'check OIDC_ISSUER (the issuer identifier, without /.well-known/…), or declare OAUTH_TOKEN_ENDPOINT and JWKS_URL',
    );
  const meta = document as Record<string, unknown>;
  const issuer = typeof meta['issuer'] === 'string' ? meta['issuer'] : undefined;
  if (issuer !== oauth.issuer)
    throw new OidcError(
      'ERR_OIDC_DISCOVERY',
      `the discovery document says issuer ${JSON.stringify(issuer)}, the env declares OIDC_ISSUER=${JSON.stringify(oauth.issuer)} (OIDC Discovery §4.3: they must be identical)`,
      'set OIDC_ISSUER to the exact issuer identifier the provider publishes (trailing slash included)',
    );
  const tokenEndpoint = oauth.tokenEndpoint ?? stringField(meta, 'token_endpoint');
  const jwksUri = oauth.jwksUrl ?? stringField(meta, 'jwks_uri');
  for (const [key, value] of [
    ['token_endpoint', tokenEndpoint],
    ['jwks_uri', jwksUri],
  ] as const) {
    if (value === undefined)
      throw new OidcError(
        'ERR_OIDC_DISCOVERY',
        `the discovery document of ${oauth.issuer} has no ${key}`,
        `declare ${key === 'jwks_uri' ? 'JWKS_URL' : 'OAUTH_TOKEN_ENDPOINT'}`,
      );
    if (!isAllowedProviderUrl(config, value))
      throw new OidcError(
        'ERR_OIDC_DISCOVERY',
        `the discovery document's ${key} (${new URL(value).origin}) is on another origin than the issuer and the target`,
        `the harness fetches only what the env names: declare ${key === 'jwks_uri' ? 'JWKS_URL' : 'OAUTH_TOKEN_ENDPOINT'} to allow it`,
      );
  }
  const algs = meta['id_token_signing_alg_values_supported'];
  return {
    issuer,
    tokenEndpoint,
    jwksUri,
    signingAlgs: Array.isArray(algs) ? algs.filter((item): item is string => typeof item === 'string') : [],
    from: 'discovery',
  };
}

function stringField(meta: Record<string, unknown>, key: string): string | undefined {
  const value = meta[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
