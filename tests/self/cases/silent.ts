import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultCase } from './types';

/**
 * Seed 000's silent shape (reference target `REFERENCE_MODE=cognito`): every refusal is a bare
 * `{"message":"Unauthorized"}`, so the API's own evidence decides. Each fault has two rows: described by the env file
 * alone, the honest code (AC_API_REFUSES_OWN_TOKENS, naming the candidates); with the API's log file declared
 * (TARGET_LOG_FILE), the precise code its log line supports; with its deployed settings declared (TARGET_CONFIG_COMMAND),
 * the config drift before any check. The harness reads tests/self/cases/seed000-env/local.env.
 */
const ENV_DIR = fileURLToPath(new URL('./seed000-env', import.meta.url));
const password = `Ref-${randomBytes(9).toString('base64url')}-9`;
const file = (fault: string, ext: string) => join(tmpdir(), `authcanary-silent-${process.pid}-${fault}.${ext}`);

const LABEL = {
  none: 'no logs, no config',
  logs: 'API log declared',
  config: 'deployed config declared',
  both: 'API log and deployed config declared',
} as const;

function row(
  fault: string,
  expectedCode: string,
  evidence: keyof typeof LABEL,
  rootCauses?: readonly string[],
): FaultCase {
  const logFile = file(fault, 'log');
  const configFile = file(fault, 'json');
  return {
    fault,
    label: `${fault} (${LABEL[evidence]})`,
    suite: 'rest',
    expectedCode,
    env: { REFERENCE_COGNITO_PASSWORD: password },
    targetEnv: { REFERENCE_MODE: 'cognito', REFERENCE_LOG_FILE: logFile, REFERENCE_CONFIG_FILE: configFile },
    harnessEnv: {
      AUTHCANARY_ENV_DIR: ENV_DIR,
      ...(evidence === 'logs' || evidence === 'both' ? { TARGET_LOG_FILE: logFile } : {}),
      ...(evidence === 'config' || evidence === 'both'
        ? {
            TARGET_CONFIG_COMMAND: `cat ${configFile}`,
            TARGET_CONFIG_KEYS: 'pool:COGNITO_USER_POOL_ID,audience:COGNITO_APP_CLIENT_ID,token_use:COGNITO_TOKEN_USE',
          }
        : {}),
    },
    ...(rootCauses ? { rootCauses } : {}),
  };
}

const GENERIC = 'AC_API_REFUSES_OWN_TOKENS';

export const SILENT_FAULT_CASES: FaultCase[] = [
  // Without the API's evidence: the honest code for a bare 401 on a token the provider's key verifies.
  ...[
    'cognito-pool-drift',
    'cognito-client-drift',
    'cognito-token-use-drift',
    'cognito-issuer-spelling-drift',
    'cognito-jwt-library-missing',
  ].map((fault) => row(fault, GENERIC, 'none')),
  // With its log file: the line for the refused request (found by X-Request-Id) names the cause.
  // The Lambda fetches the other pool's JWKS: "JWK for kid … not found" names the kid the API does not know.
  row('cognito-pool-drift', 'AC_KID_NOT_IN_API_JWKS', 'logs'),
  row('cognito-client-drift', 'AC_AUDIENCE_DRIFT', 'logs'),
  row('cognito-token-use-drift', 'AC_API_WANTS_OTHER_TOKEN_TYPE', 'logs'),
  // "Issuer not allowed: <iss>. Expected: <iss>/": the token's own issuer with a trailing slash, the same provider.
  row('cognito-issuer-spelling-drift', 'AC_ISSUER_SPELLING_DRIFT', 'logs'),
  row('cognito-jwt-library-missing', 'AC_AUTH_LIBRARY_NOT_LOADED', 'logs'),
  row('cognito-headers-cookie-only', 'AC_BACKEND_SAW_NO_TOKEN', 'logs'),
  // With its deployed settings: pool, client and token_use compared with the env before any check.
  row('cognito-pool-drift', 'AC_DEPLOYED_CONFIG_DRIFT', 'config'),
  row('cognito-client-drift', 'AC_DEPLOYED_CONFIG_DRIFT', 'config'),
  // The API verifies access tokens, the login's cookie carries the ID token: the token type, named as such.
  row('cognito-token-use-drift', 'AC_API_WANTS_OTHER_TOKEN_TYPE', 'config'),
  // Both declared: the deployed setting that differs is the one root cause; the log's code is its symptom, shown in
  // the same finding. A fault the deployed settings do not explain stays its own root cause.
  row('cognito-pool-drift', 'AC_KID_NOT_IN_API_JWKS', 'both', ['AC_DEPLOYED_CONFIG_DRIFT']),
  row('cognito-client-drift', 'AC_AUDIENCE_DRIFT', 'both', ['AC_DEPLOYED_CONFIG_DRIFT']),
  row('cognito-jwt-library-missing', 'AC_AUTH_LIBRARY_NOT_LOADED', 'both', ['AC_AUTH_LIBRARY_NOT_LOADED']),
  // The pool itself: anonymous SignUp accepted (DVP-ISS-068); needs no evidence.
  row('cognito-signup-open', 'AC_SIGNUP_OPEN', 'none'),
];
