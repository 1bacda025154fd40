import { z } from 'zod';
import { extraFields, extraHeaders, bodyEncoding } from './login-env';

/**
 * Keys for an identity-provider-backed API in seed 000's shape: a Cognito user pool described once, the way the API
 * takes its token (header, cookie or both), and a sign-up probe at the identity provider. Spread into the target
 * schema; derived values (issuer, JWKS URL, audience) are filled in by helpers/env/cognito-derive.ts.
 */

const FIELD_NAME = /^[^.\s]+(\.[^.\s]+)*$/;
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A real pool id is `<region>_<id>`; emulators use their own (cognito-local: `local_XXXXXXXX`). */
const poolId = z
  .string()
  .trim()
  .regex(/^[\w-]+_[0-9A-Za-z]+$/, 'expected a user pool id such as eu-west-1_AbCdEf123');
const clientId = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]+$/, 'expected an app client id (letters and digits)');

const absoluteUrl = z
  .string()
  .trim()
  .refine((text) => {
    if (!URL.canParse(text)) return false;
    const parsed = new URL(text);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && !parsed.username && !parsed.password;
  }, 'expected an absolute http(s) URL without credentials')
  .transform((text) => text.replace(/\/+$/, ''));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((text) => ['true', '1', 'yes'].includes(text));

export const SEED000_KEYS = {
  // How the API takes the token: Authorization header, a cookie (API Gateway + Lambda reading the cookie), or both.
  TOKEN_TRANSPORT: z
    .enum(['header', 'cookie', 'both'], { message: 'expected header, cookie or both' })
    .default('header'),
  /** The cookie the API reads the token from (default TOKEN_COOKIE). */
  TOKEN_TRANSPORT_COOKIE: z.string().trim().regex(COOKIE_NAME, 'expected a cookie name').optional(),
  // Amazon Cognito described once: issuer, JWKS URL and audience are derived.
  COGNITO_REGION: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1')
    .optional(),
  COGNITO_USER_POOL_ID: poolId.optional(),
  COGNITO_APP_CLIENT_ID: clientId.optional(),
  /** Another app client of the same pool: its valid tokens must be refused by this API. */
  COGNITO_OTHER_APP_CLIENT_ID: clientId.optional(),
  /** Which token the API verifies: the ID token (aud = app client id) or the access token (client_id claim). */
  COGNITO_TOKEN_USE: z.enum(['id', 'access'], { message: 'expected id or access' }).default('id'),
  /** The issuer's base for emulators (cognito-local: its IssuerDomain); the issuer is `<base>/<poolId>`. */
  COGNITO_ISSUER_BASE: absoluteUrl.optional(),
  /** Where InitiateAuth and SignUp are called (emulators: their own URL). */
  COGNITO_ENDPOINT: absoluteUrl.optional(),
  /** Probe the pool's SignUp (AllowAdminCreateUserOnly must be true): derives the SIGNUP_* keys below. */
  COGNITO_SIGNUP_PROBE: bool.default(false),
  // Sign-up probe at the identity provider (absolute URL, headers, fixed fields), instead of SIGNUP_PATH on the API.
  SIGNUP_URL: absoluteUrl.optional(),
  SIGNUP_BODY: bodyEncoding.default('json'),
  SIGNUP_HEADERS: extraHeaders.optional(),
  SIGNUP_EXTRA_FIELDS: extraFields.optional(),
  SIGNUP_USERNAME_FIELD: z.string().trim().regex(FIELD_NAME, 'expected a field name or dotted path').optional(),
  SIGNUP_PASSWORD_FIELD: z.string().trim().regex(FIELD_NAME, 'expected a field name or dotted path').optional(),
  /** Text in a 4xx body that means "sign-up refused" (Cognito: 400 "SignUp is not permitted for this user pool"). */
  SIGNUP_REFUSED_MESSAGE: z.string().trim().min(1, 'must not be empty').optional(),
} as const;
