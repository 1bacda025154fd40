import type { TargetConfig } from '../env/target-config';
import { isHmacAlg } from './signing-key';

/** Cases whose verdict needs a token signed with a key the API trusts: without it the signature alone refuses them. */
const NEEDS_TRUSTED_SIGNATURE = new Set(['expired', 'not-yet-valid', 'no-exp', 'wrong-audience', 'wrong-issuer']);
/** Cases built with an HMAC key; their asymmetric counterparts are other-key-same-kid and embedded-jwk-rsa/-ec. */
const HMAC_ONLY = new Set(['wrong-secret', 'unknown-crit', 'embedded-jwk']);

/**
 * Why a negative case is not run against this target: the true reason, naming the key that would enable it. Used as
 * the skip message (the case list in negative-cases.ts decides; this only explains an absence).
 */
export function negativeCaseSkipReason(config: TargetConfig, id: string): string {
  const alg = config.jwt.alg;
  const noMint = config.jwt.mint === 'none';
  const noKey = `no-mint mode: it needs a token signed with a key the API trusts, and the harness holds none for ${alg} (SIGNING_KEY_CHAIN); the issued token is checked as it is`;
  if (id === 'wrong-audience' && config.jwt.audience === undefined)
    return 'JWT_AUDIENCE not declared (or COGNITO_APP_CLIENT_ID for ID tokens): no audience to get wrong';
  if (id === 'wrong-issuer' && config.jwt.issuer === undefined)
    return 'JWT_ISSUER not declared (or COGNITO_USER_POOL_ID): no issuer to get wrong';
  if (NEEDS_TRUSTED_SIGNATURE.has(id)) return noKey;
  if (HMAC_ONLY.has(id) || id.startsWith('weak-secret-'))
    return isHmacAlg(alg)
      ? noKey
      : `applies to HS* targets only (JWT_ALG=${alg}); the asymmetric counterparts (other-key-same-kid, embedded-jwk-*) run instead`;
  if (id === 'other-audience-token')
    return 'no second audience declared: OAUTH_OTHER_RESOURCE (another API of the provider) or COGNITO_OTHER_APP_CLIENT_ID (another app client of the pool)';
  if (id === 'rs-hs-key-confusion')
    return isHmacAlg(alg)
      ? `applies to asymmetric algorithms only (JWT_ALG=${alg})`
      : "needs the public key that verifies the API's tokens: declare JWKS_URL, OIDC_ISSUER or COGNITO_USER_POOL_ID";
  if (id === 'embedded-jwk-ec' || id === 'psychic-signature') return `applies to ES* targets only (JWT_ALG=${alg})`;
  if (id === 'embedded-jwk-rsa') return `applies to RS*/PS* targets only (JWT_ALG=${alg})`;
  if (['unknown-kid', 'path-kid', 'other-key-same-kid', 'jku-elsewhere', 'x5u-elsewhere'].includes(id))
    return `applies to asymmetric algorithms only (JWT_ALG=${alg})`;
  return `not applicable to this target's configuration (${id}${noMint ? ', no-mint mode' : ''})`;
}
