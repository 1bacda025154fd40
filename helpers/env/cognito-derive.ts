import type { z } from 'zod';

/**
 * Amazon Cognito described once. From the region, the pool id and the app client id this fills in what the rest of
 * the harness reads: JWT_ISSUER (`https://cognito-idp.<region>.amazonaws.com/<poolId>`, or `<COGNITO_ISSUER_BASE>/<poolId>`
 * for emulators), JWKS_URL (`<issuer>/.well-known/jwks.json`), JWT_AUDIENCE (the app client id, for ID tokens), the
 * `token_use`/`client_id` claims of minted tokens, InitiateAuth's ClientId, and Cognito's SignUp probe. A key also written
 * by hand must agree with the derived value: a pool or client id typed twice, differently, is itself a drift.
 */

export const COGNITO_SIGNUP_TARGET = 'AWSCognitoIdentityProviderService.SignUp';
export const COGNITO_INITIATE_AUTH_TARGET = 'AWSCognitoIdentityProviderService.InitiateAuth';
export const COGNITO_JSON = 'application/x-amz-json-1.1';
/** Cognito's answer to a SignUp when AllowAdminCreateUserOnly is true (400 NotAuthorizedException). */
export const COGNITO_SIGNUP_REFUSED = 'SignUp is not permitted';

/** The keys this derivation reads and writes (a subset of the target schema's output). */
export interface CognitoDerivable {
  COGNITO_REGION?: string | undefined;
  COGNITO_USER_POOL_ID?: string | undefined;
  COGNITO_APP_CLIENT_ID?: string | undefined;
  COGNITO_OTHER_APP_CLIENT_ID?: string | undefined;
  COGNITO_TOKEN_USE: 'id' | 'access';
  COGNITO_ISSUER_BASE?: string | undefined;
  COGNITO_ENDPOINT?: string | undefined;
  COGNITO_SIGNUP_PROBE: boolean;
  JWT_ALG: string;
  JWT_ISSUER?: string | undefined;
  JWT_AUDIENCE?: string | undefined;
  JWT_CLAIMS?: Record<string, unknown> | undefined;
  JWKS_URL?: string | undefined;
  TARGET_AUTH_URL?: string | undefined;
  LOGIN_HEADERS?: Record<string, string> | undefined;
  LOGIN_EXTRA_FIELDS?: Record<string, unknown> | undefined;
  SIGNUP_PATH?: string | undefined;
  SIGNUP_URL?: string | undefined;
  SIGNUP_HEADERS?: Record<string, string> | undefined;
  SIGNUP_EXTRA_FIELDS?: Record<string, unknown> | undefined;
  SIGNUP_USERNAME_FIELD?: string | undefined;
  SIGNUP_PASSWORD_FIELD?: string | undefined;
  SIGNUP_REFUSED_MESSAGE?: string | undefined;
  TOKEN_TRANSPORT: 'header' | 'cookie' | 'both';
  TOKEN_TRANSPORT_COOKIE?: string | undefined;
  TOKEN_COOKIE?: string | undefined;
}

const REGION_OF_POOL = /^([a-z]{2}(?:-[a-z]+)+-\d)_/;

/** The Cognito facts derived from the env, or undefined when no pool is declared. */
export interface CognitoFacts {
  readonly region?: string | undefined;
  readonly poolId: string;
  readonly appClientId?: string | undefined;
  readonly otherAppClientId?: string | undefined;
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Where InitiateAuth / SignUp are called. */
  readonly endpoint: string;
  readonly tokenUse: 'id' | 'access';
}

export function cognitoFacts(env: CognitoDerivable): CognitoFacts | undefined {
  const poolId = env.COGNITO_USER_POOL_ID;
  if (poolId === undefined) return undefined;
  const region = env.COGNITO_REGION ?? REGION_OF_POOL.exec(poolId)?.[1];
  const aws = region === undefined ? undefined : `https://cognito-idp.${region}.amazonaws.com`;
  const base = env.COGNITO_ISSUER_BASE ?? aws;
  const endpoint = env.COGNITO_ENDPOINT ?? aws;
  if (base === undefined || endpoint === undefined) return undefined;
  const issuer = `${base}/${poolId}`;
  return {
    region,
    poolId,
    appClientId: env.COGNITO_APP_CLIENT_ID,
    otherAppClientId: env.COGNITO_OTHER_APP_CLIENT_ID,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    endpoint,
    tokenUse: env.COGNITO_TOKEN_USE,
  };
}

/** The schema's check: keys that disagree with the derived ones, or are incomplete (messages never quote a value). */
export function checkSeed000Env(value: CognitoDerivable, ctx: z.RefinementCtx): void {
  derive(value, (key, message) => ctx.addIssue({ code: 'custom', path: [key], message }));
}

/** The env with the derived keys filled in (run on a valid env, before it is shaped into a TargetConfig). */
export function deriveSeed000Env<T extends CognitoDerivable>(value: T): T {
  return derive(value, () => undefined);
}

function derive<T extends CognitoDerivable>(value: T, issue: (key: string, message: string) => void): T {
  const out: T = { ...value };
  if (value.TOKEN_TRANSPORT !== 'header' && !value.TOKEN_TRANSPORT_COOKIE && !value.TOKEN_COOKIE)
    issue(
      'TOKEN_TRANSPORT',
      `${value.TOKEN_TRANSPORT} needs the cookie name the API reads: TOKEN_TRANSPORT_COOKIE or TOKEN_COOKIE`,
    );
  if (value.SIGNUP_URL !== undefined && value.SIGNUP_PATH !== undefined)
    issue('SIGNUP_URL', 'set SIGNUP_URL (at the identity provider) or SIGNUP_PATH (on the API), not both');

  const pool = value.COGNITO_USER_POOL_ID;
  if (pool === undefined) {
    for (const key of [
      'COGNITO_APP_CLIENT_ID',
      'COGNITO_OTHER_APP_CLIENT_ID',
      'COGNITO_ISSUER_BASE',
      'COGNITO_ENDPOINT',
    ] as const)
      if (value[key] !== undefined) issue(key, `${key} is set, so COGNITO_USER_POOL_ID is required`);
    if (value.COGNITO_SIGNUP_PROBE)
      issue('COGNITO_SIGNUP_PROBE', 'needs COGNITO_USER_POOL_ID and COGNITO_APP_CLIENT_ID');
    return out;
  }
  const facts = cognitoFacts(value);
  if (facts === undefined) {
    issue(
      'COGNITO_USER_POOL_ID',
      'names no region (an emulator pool): set COGNITO_REGION, or COGNITO_ISSUER_BASE and COGNITO_ENDPOINT',
    );
    return out;
  }
  if (value.JWT_ALG !== 'RS256') issue('JWT_ALG', 'a Cognito user pool signs its tokens with RS256: set JWT_ALG=RS256');
  if (value.JWT_ISSUER !== undefined && value.JWT_ISSUER !== facts.issuer)
    issue('JWT_ISSUER', 'differs from the issuer of COGNITO_USER_POOL_ID: remove JWT_ISSUER (it is derived) or fix it');
  out.JWT_ISSUER = facts.issuer;
  out.JWKS_URL = value.JWKS_URL ?? facts.jwksUrl;

  const client = value.COGNITO_APP_CLIENT_ID;
  if (client !== undefined && client === value.COGNITO_OTHER_APP_CLIENT_ID)
    issue('COGNITO_OTHER_APP_CLIENT_ID', 'must name another app client than COGNITO_APP_CLIENT_ID');
  // ID tokens carry aud = the app client id; access tokens carry client_id and no aud.
  if (facts.tokenUse === 'id' && client !== undefined) {
    if (value.JWT_AUDIENCE !== undefined && value.JWT_AUDIENCE !== client)
      issue('JWT_AUDIENCE', 'differs from COGNITO_APP_CLIENT_ID (the audience of ID tokens): remove it or fix it');
    out.JWT_AUDIENCE = client;
  }
  if (facts.tokenUse === 'access' && value.JWT_AUDIENCE !== undefined)
    issue('JWT_AUDIENCE', 'Cognito access tokens carry no aud (client_id instead): remove JWT_AUDIENCE');
  out.JWT_CLAIMS = {
    token_use: facts.tokenUse,
    ...(facts.tokenUse === 'access' && client !== undefined ? { client_id: client } : {}),
    ...value.JWT_CLAIMS,
  };

  // InitiateAuth at the pool: the login names the app client; the endpoint is the pool's.
  const initiateAuth = value.LOGIN_HEADERS?.['x-amz-target'] === COGNITO_INITIATE_AUTH_TARGET;
  if (initiateAuth && client !== undefined) {
    const written = value.LOGIN_EXTRA_FIELDS?.['ClientId'];
    if (written !== undefined && written !== client)
      issue(
        'LOGIN_EXTRA_FIELDS',
        'its ClientId differs from COGNITO_APP_CLIENT_ID: remove it (it is derived) or fix it',
      );
    out.LOGIN_EXTRA_FIELDS = { ...value.LOGIN_EXTRA_FIELDS, ClientId: client };
    out.TARGET_AUTH_URL = value.TARGET_AUTH_URL ?? facts.endpoint;
  }

  if (value.COGNITO_SIGNUP_PROBE) {
    if (client === undefined)
      issue('COGNITO_SIGNUP_PROBE', 'needs COGNITO_APP_CLIENT_ID (SignUp names the app client)');
    if (value.SIGNUP_PATH !== undefined)
      issue('SIGNUP_PATH', 'COGNITO_SIGNUP_PROBE probes the pool: remove SIGNUP_PATH');
    out.SIGNUP_URL = value.SIGNUP_URL ?? `${facts.endpoint}/`;
    out.SIGNUP_HEADERS = {
      'x-amz-target': COGNITO_SIGNUP_TARGET,
      'content-type': COGNITO_JSON,
      ...value.SIGNUP_HEADERS,
    };
    out.SIGNUP_EXTRA_FIELDS = { ...(client === undefined ? {} : { ClientId: client }), ...value.SIGNUP_EXTRA_FIELDS };
    out.SIGNUP_USERNAME_FIELD = value.SIGNUP_USERNAME_FIELD ?? 'Username';
    out.SIGNUP_PASSWORD_FIELD = value.SIGNUP_PASSWORD_FIELD ?? 'Password';
    out.SIGNUP_REFUSED_MESSAGE = value.SIGNUP_REFUSED_MESSAGE ?? COGNITO_SIGNUP_REFUSED;
  }
  return out;
}
