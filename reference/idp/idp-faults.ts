import { ConfigError } from '../config-error';

/**
 * What deployments behind an identity provider get wrong, switched on by `REFERENCE_FAULTS` in IdP mode.
 * Described in docs/reference-target-contract.md ("Identity-provider mode").
 */
export const IDP_FAULTS = [
  /** The API trusts another issuer (another pool, tenant or realm) than the one tokens come from. */
  'idp-api-other-issuer',
  /** The API verifies with a copy of the JWKS taken before the last key rotation. */
  'idp-api-pinned-jwks',
  /** The API takes the algorithm from the token: HS256 is verified with the public key's PEM as HMAC secret. */
  'idp-api-hs256-public-key',
  /** The API verifies with a key embedded in the token header (jwk). */
  'idp-api-embedded-jwk',
  /** The API does not check the audience: tokens for another API of the same tenant pass. */
  'idp-api-no-audience',
  /** The API does not check the scope per route. */
  'idp-api-no-scope',
  /** The token endpoint parses JSON only and refuses form bodies (415). */
  'idp-token-json-only',
  /** The API accepts only the other algorithm (ES256 where the provider signs RS256, and the reverse). */
  'idp-api-other-alg',
  /** The API requires `typ: JWT` in the header: the provider's RFC 9068 tokens (`at+jwt`) are refused. */
  'idp-api-typ-jwt',
  /** The token endpoint writes its internal origin into `iss`, not the issuer its discovery document names. */
  'idp-token-internal-issuer',
  /** The token endpoint signs with a new key before the JWKS publishes it (a rotation done in the wrong order). */
  'idp-token-unpublished-key',
] as const;

export type IdpFault = (typeof IDP_FAULTS)[number];

export function parseIdpFaults(value: string | undefined): ReadonlySet<IdpFault> {
  const faults = new Set<IdpFault>();
  for (const entry of (value ?? '').split(',')) {
    const name = entry.trim();
    if (name === '') continue;
    if (!(IDP_FAULTS as readonly string[]).includes(name))
      throw new ConfigError(`REFERENCE_FAULTS: unknown IdP-mode fault "${name}" (known: ${IDP_FAULTS.join(', ')})`);
    faults.add(name as IdpFault);
  }
  return faults;
}
