import type { ConfigMeaning } from '../env/evidence-keys';
import type { DiagnosisCode } from './catalogue';

/**
 * Which refusal codes a drifted deployed setting explains. When the API's deployed settings differ from the env, that
 * setting is the root cause; a check refused with one of these codes is its symptom (the same fault, seen where it
 * hurts), and is shown under the setting's finding. A code the drifted settings do not explain (a missing JWT
 * library, a cookie the handler never reads) stays its own root cause.
 *
 * AC_API_REFUSES_OWN_TOKENS ("the provider's key verifies the token, the API refuses it") is what any of these drifts
 * looks like without the API's logs.
 */
const ISSUER: readonly DiagnosisCode[] = [
  'AC_ISSUER_DRIFT',
  'AC_ISSUER_SPELLING_DRIFT',
  'AC_API_TRUSTS_OTHER_ISSUER',
  // Another issuer (pool) means another JWKS: the token's kid is not among the keys the API fetched.
  'AC_KID_NOT_IN_API_JWKS',
  'AC_API_REFUSES_OWN_TOKENS',
];

export const DEPLOYED_SETTING_SYMPTOMS: Readonly<Record<ConfigMeaning, readonly DiagnosisCode[]>> = {
  issuer: ISSUER,
  pool: ISSUER,
  region: ISSUER,
  jwks: ['AC_KID_NOT_IN_API_JWKS', 'AC_SIGNING_KEY_MISMATCH', 'AC_API_REFUSES_OWN_TOKENS'],
  audience: ['AC_AUDIENCE_DRIFT', 'AC_API_REFUSES_OWN_TOKENS'],
  token_use: ['AC_API_WANTS_OTHER_TOKEN_TYPE', 'AC_API_REFUSES_OWN_TOKENS'],
  algorithms: ['AC_ALG_DRIFT', 'AC_API_REFUSES_OWN_TOKENS'],
  secret: ['AC_SECRET_MISMATCH', 'AC_SIGNING_KEY_MISMATCH', 'AC_SERVICES_SECRET_DISAGREE', 'AC_API_REFUSES_OWN_TOKENS'],
};

/** The codes the drifted settings explain together; settings this table does not know explain nothing. */
export function symptomsOfDrift(settings: readonly string[]): ReadonlySet<string> {
  const table = DEPLOYED_SETTING_SYMPTOMS as Readonly<Record<string, readonly DiagnosisCode[] | undefined>>;
  return new Set(settings.flatMap((setting) => table[setting] ?? []));
}
