import type { ConfigIssue } from '../errors/authcanary-error';
import { Secret } from '../secret/secret';
import type { RouteExpectation, TargetEnv } from './schema';
import { toCookieConfig, type CookieConfig } from './cookie-config';
import { toWsConfig, type WsConfig } from './ws-config';
import { toEvidenceConfig, type EvidenceConfig } from './evidence-keys';
import { mintMode, type MintMode } from '../token/mint-mode';
import { toOAuthConfig, usesTokenEndpoint, type OAuthConfig } from './oauth-config';
import { toSeed000Settings, type Seed000Settings } from './seed000-config';
import { deriveSeed000Env } from './cognito-derive';
export type { CsrfConfig, LoginConfig, RefreshConfig, TokenSource } from './login-config';
import {
  toCsrfConfig,
  toLoginConfig,
  toRefreshConfig,
  toTokenSource,
  type CsrfConfig,
  type LoginConfig,
  type RefreshConfig,
  type TokenSource,
} from './login-config';

export interface Credentials {
  readonly username: string;
  readonly password: Secret;
}

/** The validated description of one target, shaped for use. Built only by loadTargetConfig. */
export interface TargetConfig extends Seed000Settings {
  readonly envName: string;
  /** The env files read, in order of precedence (lowest first). */
  readonly files: readonly string[];
  /** Keys the env sets that authcanary does not read (a typo, most often), with the nearest known key. */
  readonly envWarnings?: readonly ConfigIssue[] | undefined;
  readonly target: {
    readonly baseUrl: string;
    readonly authUrl: string;
    readonly healthPath?: string | undefined;
    readonly reference: 'embedded' | 'none';
  };
  readonly login: LoginConfig;
  readonly refresh?: RefreshConfig | undefined;
  /** CSRF token sent on state-changing cookie-authenticated requests; undefined when the target wants none. */
  readonly csrf?: CsrfConfig | undefined;
  /** Where the user's token comes from when not from LOGIN_PATH (TOKEN_COMMAND, TOKEN_VARIABLE). */
  readonly tokenSource?: TokenSource | undefined;
  readonly logoutPath?: string | undefined;
  readonly signupPath?: string | undefined;
  /** The cookie the API reads the access token from, if it accepts one. */
  readonly tokenCookie?: string | undefined;
  readonly users: { readonly user: Credentials; readonly admin?: Credentials | undefined };
  readonly routes: readonly RouteExpectation[];
  readonly adminRoutes: readonly RouteExpectation[];
  readonly jwt: {
    readonly alg: TargetEnv['JWT_ALG'];
    readonly issuer?: string | undefined;
    readonly audience?: string | undefined;
    readonly ttlMs: number;
    readonly leewayMs: number;
    readonly subject: string;
    readonly claims: Readonly<Record<string, unknown>>;
    /** Protected-header fields of minted tokens (JWT_KID, JWT_TYP). */
    readonly header: Readonly<Record<string, string>>;
    /**
     * 'own-key': the harness holds the signing key (HS*, or SIGNING_KEY_CHAIN). 'none': an asymmetric algorithm
     * without a private key; the token the target issues is the control and negative cases are built from it.
     */
    readonly mint: MintMode;
  };
  readonly secret: {
    readonly chain?: readonly string[] | undefined;
    readonly envName: string;
    readonly encoding: TargetEnv['SECRET_ENCODING'];
    readonly jsonField?: string | undefined;
    readonly signingKeyChain?: readonly string[] | undefined;
    /** What the backend reports it resolved (its start-up log), to compare without the key. */
    readonly targetFingerprint?: string | undefined;
  };
  readonly http: {
    readonly timeoutMs: number;
    readonly retries: number;
    readonly retryAfterMaxMs: number;
    readonly caFile?: string | undefined;
    readonly rejectUnauthorized: boolean;
  };
  readonly expectWwwAuthenticate: boolean;
  /** The backend's declared contract beyond the routes (env keys BAD_TOKEN_STATUS, JWT_EXP_REQUIRED, WS_EXPIRY_CLOSE). */
  readonly contract: {
    /** Statuses that count as a correct refusal of a missing or bad token (RFC 6750: 401). */
    readonly badTokenStatuses: readonly number[];
    /** A token without exp must be refused (RFC 8725 §3.10); false: the backend knowingly accepts it. */
    readonly expRequired: boolean;
    /** A WebSocket is closed when its token expires; false: the backend knowingly keeps it open. */
    readonly wsExpiryClose: boolean;
  };
  // WebSocket: undefined when the env declares no endpoint (WS_URL / WS_PATH)
  readonly ws?: WsConfig | undefined;
  // Cookies and browser: undefined when the env declares no cookies (COOKIE_EXPECT)
  readonly cookies?: CookieConfig | undefined;
  // OAuth2 / OIDC: undefined unless OIDC_ISSUER, OAUTH_TOKEN_ENDPOINT or JWKS_URL is declared
  readonly oauth?: OAuthConfig | undefined;
  /** The backend's own evidence: logs and deployed settings (TARGET_LOG_*, TARGET_CONFIG_*). */
  readonly evidence: EvidenceConfig;
}

export function toTargetConfig(
  envName: string,
  files: readonly string[],
  declared: TargetEnv,
  variables: Readonly<Record<string, string | undefined>> = {},
): TargetConfig {
  const env = deriveSeed000Env(declared); // Cognito described once: issuer, JWKS URL, audience filled in
  const admin =
    env.ADMIN_USER && env.ADMIN_USER_PASSWORD
      ? {
          username: env.ADMIN_USER,
          password: new Secret(new TextEncoder().encode(env.ADMIN_USER_PASSWORD), 'env:ADMIN_USER_PASSWORD'),
        }
      : undefined;
  const oauth = toOAuthConfig(env);
  // client_credentials has no user: the client is the subject (RFC 6749 §4.4).
  const user: Credentials = {
    username: env.TEST_USER ?? oauth?.clientId ?? '',
    password: new Secret(
      new TextEncoder().encode(env.TEST_USER_PASSWORD ?? ''),
      env.TEST_USER_PASSWORD === undefined ? 'none' : 'env:TEST_USER_PASSWORD',
    ),
  };
  return {
    envName,
    files,
    target: {
      baseUrl: env.TARGET_BASE_URL,
      authUrl: env.TARGET_AUTH_URL ?? env.TARGET_BASE_URL,
      healthPath: env.TARGET_HEALTH_PATH,
      reference: env.REFERENCE_TARGET,
    },
    login: {
      ...toLoginConfig(env),
      tokenJsonField: env.LOGIN_TOKEN_JSON_FIELD ?? (usesTokenEndpoint(oauth) ? 'access_token' : undefined),
    },
    refresh: toRefreshConfig(env),
    csrf: toCsrfConfig(env),
    tokenSource: toTokenSource(env, variables),
    logoutPath: env.LOGOUT_PATH,
    signupPath: env.SIGNUP_PATH,
    tokenCookie: env.TOKEN_COOKIE,
    users: {
      user,
      admin,
    },
    routes: env.ROUTES,
    adminRoutes: env.ADMIN_ROUTES ?? [],
    jwt: {
      alg: env.JWT_ALG,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      ttlMs: env.JWT_TTL,
      leewayMs: env.JWT_LEEWAY,
      subject: env.JWT_SUBJECT ?? user.username,
      claims: env.JWT_CLAIMS ?? {},
      header: {
        ...(env.JWT_TYP !== undefined ? { typ: env.JWT_TYP } : {}),
        ...(env.JWT_KID !== undefined ? { kid: env.JWT_KID } : {}),
      },
      mint: mintMode(env.JWT_ALG, env.SIGNING_KEY_CHAIN),
    },
    secret: {
      chain: env.SECRET_CHAIN,
      envName: env.SECRET_ENV_NAME ?? envName,
      encoding: env.SECRET_ENCODING,
      jsonField: env.SECRET_JSON_FIELD,
      signingKeyChain: env.SIGNING_KEY_CHAIN,
      targetFingerprint: env.TARGET_SECRET_FINGERPRINT,
    },
    http: {
      timeoutMs: env.HTTP_TIMEOUT,
      retries: env.HTTP_RETRIES,
      retryAfterMaxMs: env.HTTP_RETRY_AFTER_MAX,
      caFile: env.TLS_CA_FILE,
      rejectUnauthorized: env.TLS_REJECT_UNAUTHORIZED,
    },
    expectWwwAuthenticate: env.EXPECT_WWW_AUTHENTICATE,
    contract: {
      badTokenStatuses: env.BAD_TOKEN_STATUS,
      expRequired: env.JWT_EXP_REQUIRED,
      wsExpiryClose: env.WS_EXPIRY_CLOSE,
    },
    // WebSocket
    ws: toWsConfig(env),
    // Cookies and browser
    cookies: toCookieConfig(env),
    oauth,
    ...toSeed000Settings(env),
    ...toEvidenceConfig(env),
  };
}
