import type { CatalogueEntry } from '../entry';

/** Identity-provider diagnoses: tokens from an OAuth2 / OIDC token endpoint, checked through the issuer's JWKS. */
export const OIDC_ENTRIES = {
  AC_API_TRUSTS_OTHER_ISSUER: {
    title: 'API trusts another issuer than the one tokens come from',
    meaning:
      "The provider's token verifies through its published keys and carries the provider's iss, yet the API refuses it over the issuer: the API is configured for another pool, tenant or realm (a Cognito user-pool id, an Auth0 tenant, a Keycloak realm differing between config and deployment).",
    evidence:
      "the discovery issuer, the token's iss, the kid that verified it, the API's error_description naming the iss claim",
    fix: "Point the API's issuer (and its JWKS URL) at the provider the clients log in to; compare the pool/tenant id in the API's config with the token's iss.",
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_KID_NOT_IN_API_JWKS: {
    title: "Token's kid is not in the key set the API uses",
    meaning:
      "The token's kid is published by the provider and verifies its signature, but the API refuses it for want of a matching key: the API holds a pinned or stale copy of the JWKS from before a key rotation, or reads another provider's keys.",
    evidence:
      'the token\'s kid, the kids the provider publishes now, the API\'s error (e.g. "no applicable key found in the JSON Web Key Set")',
    fix: "Let the API fetch the provider's jwks_uri and refetch on an unknown kid (jose createRemoteJWKSet does); remove pinned key files; after a rotation keep the old key published until its tokens expire.",
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
  AC_KEY_CONFUSION_ACCEPTED: {
    title: 'API accepts HS256 signed with the public key',
    meaning:
      "A token signed with HMAC-SHA256 using the issuer's public key (PEM) as the secret is accepted: the verifier takes the algorithm from the token and uses the RSA/EC public key as an HMAC secret, so anyone can forge tokens (RFC 8725 §2.1).",
    evidence: "the forged token's header (alg HS256, kid), the status it got, the kid of the public key used",
    fix: "Pin the algorithms the verifier accepts (e.g. algorithms: ['RS256']) and select keys by kid and key type, never by the token's alg alone.",
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_FORGED_KEY_ACCEPTED: {
    title: 'API accepts a token signed by a key the issuer never published',
    meaning:
      'A token signed by an attacker key is accepted: the key came from the token itself (an embedded jwk, a jku/x5u URL), an unknown or path-like kid made the verifier fall back to another key, or the ECDSA check accepts r=s=0 (CVE-2022-21449).',
    evidence: 'which forgery was accepted (embedded jwk, unknown kid, path kid, jku, x5u, r=s=0), the status',
    fix: "Verify only with keys from the provider's JWKS selected by kid; ignore jwk/jku/x5u headers; refuse unknown kids; update the crypto runtime (Java 15–18 for CVE-2022-21449).",
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_AUDIENCE_NOT_CHECKED: {
    title: 'API accepts tokens issued for another API',
    meaning:
      'A token the same provider issued for another resource (another aud) is accepted: the API checks signature and issuer but not the audience, so any token of the tenant opens it (RFC 9068 §4, RFC 8725 §3.9).',
    evidence: "the other resource requested, the token's aud, the status it got",
    fix: "Check aud against this API's identifier in the verifier (e.g. jose jwtVerify's audience option, Cognito's client_id / aud).",
    seeds: ['002'],
    kind: 'auth',
    severity: 'error',
  },
  AC_SCOPE_NOT_ENFORCED: {
    title: 'Route does not check the token scope',
    meaning:
      'A route the env declares out of reach for this identity (403 insufficient_scope) answers 2xx to a token that lacks the scope it needs.',
    evidence: "the route, its declared status, the token's scope claim, the status it got",
    fix: 'Check the scope (or scp/permissions) claim per route and answer 403 with WWW-Authenticate: Bearer error="insufficient_scope" (RFC 6750 §3.1).',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_INSUFFICIENT_SCOPE: {
    title: 'Token lacks the scope the route needs',
    meaning:
      'A route the test identity must reach answers 403 insufficient_scope: the token request asks for other scopes (OAUTH_SCOPE), or the client is not granted them at the provider.',
    evidence: "the route, the scope the server names in WWW-Authenticate, the token's scope claim, OAUTH_SCOPE",
    fix: 'Request the scope in OAUTH_SCOPE and grant it to the client at the provider; or declare the route 403 for this identity.',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_TOKEN_ENDPOINT_ENCODING: {
    title: 'Token endpoint refuses the form-encoded request',
    meaning:
      'The token endpoint answers 400/415 to an application/x-www-form-urlencoded request, which RFC 6749 §4.3.2/§4.4.2 requires: it is wired to parse JSON only.',
    evidence: 'status, content type sent, the error and error_description returned',
    fix: 'Accept application/x-www-form-urlencoded at the token endpoint (the OAuth2 wire format every client library uses).',
    seeds: [],
    kind: 'auth',
    severity: 'error',
  },
  AC_CLIENT_AUTH_REFUSED: {
    title: 'Token endpoint refuses the client',
    meaning:
      'The token endpoint answers invalid_client (RFC 6749 §5.2): the client id/secret, or the way they are sent (OAUTH_CLIENT_AUTH: client_secret_basic vs client_secret_post), is not what the provider registered.',
    evidence: 'status, error, error_description, the client authentication method used (never the secret)',
    fix: "Check OAUTH_CLIENT_ID/OAUTH_CLIENT_SECRET and set OAUTH_CLIENT_AUTH to the client's registered token_endpoint_auth_method.",
    seeds: [],
    kind: 'config',
    severity: 'error',
  },
  AC_ISSUED_TOKEN_UNVERIFIABLE: {
    title: "Issued token does not verify through the issuer's published keys",
    meaning:
      'The token the provider issued fails a check against its own metadata: no kid, a kid absent from its JWKS, a signature no published key verifies, an algorithm not allowed, iss differing from the discovery issuer, aud without the declared audience, or no exp.',
    evidence: 'each failed check, the token kid and alg, the kids published, the kid that verified it if any',
    fix: 'Fix the provider configuration named by the failing check (signing key publication, issuer URL, audience/resource), or the env declarations (JWT_AUDIENCE, JWT_ALG).',
    seeds: ['000'],
    kind: 'auth',
    severity: 'error',
  },
} as const satisfies Record<string, CatalogueEntry>;
