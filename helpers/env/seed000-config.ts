import type { SignupProbe } from '../auth/signup-probe';
import type { TokenTransport } from '../http/token-transport';
import { cognitoFacts, type CognitoFacts } from './cognito-derive';
import type { TargetEnv } from './schema';

/** The parts of a target's description added for seed 000's shape (keys in helpers/env/seed000-keys.ts). */
export interface Seed000Settings {
  /** Where the API takes its token (TOKEN_TRANSPORT); every check's token goes there. */
  readonly tokenTransport: TokenTransport;
  /** The Cognito user pool, when COGNITO_USER_POOL_ID describes it (issuer, JWKS and audience already derived). */
  readonly cognito?: CognitoFacts | undefined;
  /** The anonymous sign-up probe: SIGNUP_URL at the identity provider, or SIGNUP_PATH on the API. */
  readonly signup?: SignupProbe | undefined;
}

export function toSeed000Settings(env: TargetEnv): Seed000Settings {
  return {
    tokenTransport: {
      mode: env.TOKEN_TRANSPORT,
      ...(env.TOKEN_TRANSPORT === 'header' ? {} : { cookie: env.TOKEN_TRANSPORT_COOKIE ?? env.TOKEN_COOKIE }),
    },
    cognito: cognitoFacts(env),
    signup: toSignupProbe(env),
  };
}

function toSignupProbe(env: TargetEnv): SignupProbe | undefined {
  if (env.SIGNUP_URL !== undefined)
    return {
      url: env.SIGNUP_URL,
      encoding: env.SIGNUP_BODY,
      headers: env.SIGNUP_HEADERS ?? {},
      extraFields: env.SIGNUP_EXTRA_FIELDS ?? {},
      usernameField: env.SIGNUP_USERNAME_FIELD ?? env.LOGIN_USERNAME_FIELD,
      passwordField: env.SIGNUP_PASSWORD_FIELD ?? env.LOGIN_PASSWORD_FIELD,
      refusedMessage: env.SIGNUP_REFUSED_MESSAGE,
      atIdentityProvider: true,
    };
  if (env.SIGNUP_PATH === undefined) return undefined;
  return {
    url: `${env.TARGET_AUTH_URL ?? env.TARGET_BASE_URL}${env.SIGNUP_PATH}`,
    encoding: env.SIGNUP_BODY,
    headers: env.SIGNUP_HEADERS ?? {},
    extraFields: env.SIGNUP_EXTRA_FIELDS ?? {},
    usernameField: env.SIGNUP_USERNAME_FIELD ?? env.LOGIN_USERNAME_FIELD,
    passwordField: env.SIGNUP_PASSWORD_FIELD ?? env.LOGIN_PASSWORD_FIELD,
    refusedMessage: env.SIGNUP_REFUSED_MESSAGE,
    atIdentityProvider: false,
  };
}
