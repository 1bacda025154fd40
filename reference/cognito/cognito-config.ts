import { ConfigError } from '../config-error';
import type { Env } from '../secret';

/**
 * The reference target's Cognito mode (`REFERENCE_MODE=cognito`), seed 000's shape: a user pool (InitiateAuth, SignUp,
 * JWKS) and, on the same origin, an API whose own login route sets `enceladus_id_token`, whose Lambda-style handlers
 * read it from API Gateway v2's `event.cookies` and answer every refusal with a bare `{"message":"Unauthorized"}`.
 * Faults (REFERENCE_FAULTS) change the API's deployed settings, never the pool: as in seed 000, the pool is right and
 * the Lambda's environment drifted.
 */
export const COGNITO_FAULTS = [
  /** The API's COGNITO_USER_POOL_ID names another pool (DVP-ISS-012). */
  'cognito-pool-drift',
  /** The API's COGNITO_APP_CLIENT_ID names the pool's other app client. */
  'cognito-client-drift',
  /** The API verifies access tokens; the cookie carries the ID token. */
  'cognito-token-use-drift',
  /** The API's issuer is spelled with a trailing slash. */
  'cognito-issuer-spelling-drift',
  /** The JWT library cannot be loaded (ENC-ISS-041): every call is a misleading 401. */
  'cognito-jwt-library-missing',
  /** The handler reads headers.cookie only; API Gateway v2 puts cookies in event.cookies (DVP-ISS-071). */
  'cognito-headers-cookie-only',
  /** The pool accepts anonymous SignUp (AllowAdminCreateUserOnly=false, DVP-ISS-068). */
  'cognito-signup-open',
] as const;
export type CognitoFault = (typeof COGNITO_FAULTS)[number];

export interface CognitoReferenceConfig {
  readonly region: string;
  readonly poolId: string;
  readonly clientId: string;
  readonly otherClientId: string;
  readonly user: { readonly username: string; readonly password: string };
  readonly faults: ReadonlySet<CognitoFault>;
  /** Where the API appends its log lines (the Lambda's CloudWatch stream); none when unset. */
  readonly logFile?: string | undefined;
  /** Where the API's deployed settings are written at start (a `get-function-configuration` JSON); none when unset. */
  readonly configFile?: string | undefined;
  readonly tokenTtlSeconds: number;
}

export function loadCognitoConfig(env: Env): CognitoReferenceConfig {
  const faults = new Set<CognitoFault>();
  for (const entry of (env['REFERENCE_FAULTS'] ?? '').split(',')) {
    const name = entry.trim();
    if (name === '') continue;
    if (!(COGNITO_FAULTS as readonly string[]).includes(name))
      throw new ConfigError(
        `REFERENCE_FAULTS: unknown fault "${name}" in Cognito mode (known: ${COGNITO_FAULTS.join(', ')})`,
      );
    faults.add(name as CognitoFault);
  }
  const region = env['REFERENCE_COGNITO_REGION'] ?? 'us-east-1';
  const password = env['REFERENCE_COGNITO_PASSWORD'];
  if (!password) throw new ConfigError('REFERENCE_COGNITO_PASSWORD is required in Cognito mode (the test user)');
  return {
    region,
    poolId: env['REFERENCE_COGNITO_POOL_ID'] ?? `${region}_Ref000Pool`,
    clientId: env['REFERENCE_COGNITO_CLIENT_ID'] ?? 'ref000pwa0client0000000000',
    otherClientId: env['REFERENCE_COGNITO_OTHER_CLIENT_ID'] ?? 'ref000admin0console00000000',
    user: { username: env['REFERENCE_COGNITO_USER'] ?? 'qa-canary@example.com', password },
    faults,
    logFile: env['REFERENCE_LOG_FILE'] || undefined,
    configFile: env['REFERENCE_CONFIG_FILE'] || undefined,
    tokenTtlSeconds: 3600,
  };
}
