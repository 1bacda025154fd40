import type { TargetConfig } from '../env/target-config';

/**
 * The harness fetches provider metadata and keys only from what the env names: the issuer's origin, the target's
 * origins, and URLs declared outright (OAUTH_TOKEN_ENDPOINT, JWKS_URL). A discovery document pointing elsewhere
 * is not followed: the user declares that URL instead.
 */
export function isAllowedProviderUrl(config: TargetConfig, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  const declared = [config.oauth?.tokenEndpoint, config.oauth?.jwksUrl].filter((item) => item !== undefined);
  if (declared.includes(url)) return true;
  const origins = [config.oauth?.issuer, config.target.baseUrl, config.target.authUrl]
    .filter((item): item is string => item !== undefined)
    .map((item) => new URL(item).origin);
  return origins.includes(parsed.origin);
}
