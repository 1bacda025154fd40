import { randomBytes } from 'node:crypto';
import type { FaultCase } from './types';

const other = () => randomBytes(32).toString('base64url');
const signingKey = randomBytes(32).toString('base64url');

/** The REST incidents of the incident catalogue and the code each must be diagnosed with. */
export const REST_FAULT_CASES: FaultCase[] = [
  // A standing must-refuse case: the controls all pass, the weak-secret negative case does not.
  { fault: 'fallback-secret-beside', suite: 'rest', expectedCode: 'AC_WEAK_SECRET_ACCEPTED' },
  {
    fault: '',
    label: 'harness-dev-secret (seeds 003/004)',
    suite: 'rest',
    expectedCode: 'AC_SECRET_MISMATCH',
    harnessEnv: { JWT_SECRET_LOCAL: '', JWT_SECRET_KEY: other() },
  },
  // A second instance whose JWT_SECRET_{ENV} differs from the harness's; it logs its fingerprint, the env declares it.
  {
    fault: '',
    label: 'env-specific secret differs (fingerprints declared)',
    suite: 'rest',
    expectedCode: 'AC_SECRET_MISMATCH',
    harnessEnv: { JWT_SECRET_LOCAL: other() },
    declareTargetFingerprint: true,
  },
  {
    fault: 'api-generic-secret-only',
    suite: 'rest',
    expectedCode: 'AC_SERVICES_SECRET_DISAGREE',
    env: { JWT_SECRET_KEY: other() },
  },
  {
    fault: 'api-raw-json-secret',
    suite: 'rest',
    expectedCode: 'AC_JSON_SECRET_AS_KEY',
    env: {
      JWT_SECRET_LOCAL: JSON.stringify({ signingKey }),
      JWT_SECRET_FORMAT: 'json:signingKey',
      SECRET_JSON_FIELD: 'signingKey',
    },
  },
  { fault: 'invalid-token-500', suite: 'rest', expectedCode: 'AC_INVALID_TOKEN_5XX' },
  { fault: 'jwt-lib-missing', suite: 'rest', expectedCode: 'AC_AUTH_COMPONENT_BROKEN' },
  { fault: 'jwt-lib-missing-401', suite: 'rest', expectedCode: 'AC_API_REFUSES_OWN_TOKENS' },
  { fault: 'audience-drift', suite: 'rest', expectedCode: 'AC_AUDIENCE_DRIFT' },
  { fault: 'issuer-drift', suite: 'rest', expectedCode: 'AC_ISSUER_DRIFT' },
  { fault: 'alg-rs256', suite: 'rest', expectedCode: 'AC_ALG_DRIFT' },
  { fault: 'clock-skew', suite: 'rest', expectedCode: 'AC_CLOCK_SKEW' },
  { fault: 'leeway-zero', suite: 'rest', expectedCode: 'AC_CLOCK_SKEW' },
  { fault: 'fallback-secret', suite: 'rest', expectedCode: 'AC_WEAK_SECRET_ACCEPTED' },
  { fault: 'cookie-ignored', suite: 'rest', expectedCode: 'AC_COOKIE_IGNORED' },
  { fault: 'header-ignored', suite: 'rest', expectedCode: 'AC_HEADER_IGNORED' },
  {
    fault: 'secret-base64-decoded',
    suite: 'rest',
    expectedCode: 'AC_SECRET_ENCODING_MISMATCH',
    env: { JWT_SECRET_LOCAL: randomBytes(48).toString('base64') },
  },
  { fault: 'signup-open', suite: 'rest', expectedCode: 'AC_SIGNUP_OPEN' },
  { fault: 'cookie-token-base64', suite: 'rest', expectedCode: 'AC_TOKEN_ENCODING_MISMATCH' },
];
