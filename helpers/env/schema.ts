import { statSync } from 'node:fs';
import { z } from 'zod';
import { MAX_INPUT_FILE_BYTES } from './read-bounded-file';
import { parseCookieExpectations, parseCookieRoutes } from './cookie-env';
import { bodyEncoding, extraFields, extraHeaders } from './login-env';
import { SEED000_KEYS } from './seed000-keys';
import { checkSeed000Env } from './cognito-derive';
import { EVIDENCE_KEYS } from './evidence-keys';

/**
 * The one schema that describes a target. An env file (`env/<name>.env`) fills it; nothing else is needed to
 * point authcanary at a new backend. Annotated example: env/staging.env.example. Messages never quote values.
 */

const DURATION = /^(\d+)(ms|s|m|h)?$/;

/** A path the harness reads whole: a FIFO would hang and a device never end, so only a bounded regular file. */
function isRegularFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && stat.size <= MAX_INPUT_FILE_BYTES;
  } catch {
    return false;
  }
}

/** `900`, `900s`, `15m`, `1h`, `250ms` → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  return amount * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
}

const duration = (label: string, bounds: { minMs?: number; maxMs?: number } = {}) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `${label}: expected a duration such as 30s, 5m or 900` });
      return z.NEVER;
    }
    // A zero or absurd timeout makes a healthy target look dead (or a dead one hang the run): refuse it.
    if ((bounds.minMs !== undefined && ms < bounds.minMs) || (bounds.maxMs !== undefined && ms > bounds.maxMs)) {
      ctx.addIssue({
        code: 'custom',
        message: `${label}: expected a duration between ${bounds.minMs ?? 0} ms and ${bounds.maxMs ?? Infinity} ms`,
      });
      return z.NEVER;
    }
    return ms;
  });

/** An absolute http(s) URL without credentials, kept exactly as written (issuers are compared to the letter). */
const exactUrl = z
  .string()
  .trim()
  .refine((text) => {
    try {
      const parsed = new URL(text);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'expected an absolute http(s) URL')
  // Credentials in a URL end up in every log and report that prints it; the harness logs in through the flow.
  .refine(
    (text) => !URL.canParse(text) || (new URL(text).username === '' && new URL(text).password === ''),
    'must not contain credentials (user:password@): remove them; the harness logs in through LOGIN_PATH',
  );

/** The same, with trailing slashes trimmed (a base URL that paths are appended to). */
const url = exactUrl.transform((text) => text.replace(/\/+$/, ''));

const path = z
  .string()
  .trim()
  .regex(/^\/\S*$/, 'expected a path starting with /');
const name = z
  .string()
  .trim()
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'expected a cookie or field name (no spaces, no separators)');
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((text) => ['true', '1', 'yes'].includes(text));
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const int = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().min(min).max(max));

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export interface RouteExpectation {
  readonly method: (typeof HTTP_METHODS)[number];
  readonly path: string;
  readonly status: number;
  /** The RFC 6750 error the refusal must name in WWW-Authenticate (`403 insufficient_scope`). */
  readonly error?: 'insufficient_scope' | undefined;
}

/**
 * `GET /api/v1/me 200; GET /api/v1/admin/users 403` (separated by ; , or newlines). A 403 may add
 * `insufficient_scope`: the refusal must then carry WWW-Authenticate: Bearer error="insufficient_scope".
 */
const routes = z.string().transform((text, ctx) => {
  const parsed: RouteExpectation[] = [];
  for (const [index, part] of text
    .split(/[;,\n]/)
    .map((item) => item.trim())
    .filter(Boolean)
    .entries()) {
    const match = /^([A-Z]+)\s+(\/\S*)\s+(\d{3})(?:\s+(insufficient_scope))?$/.exec(part);
    if (
      !match ||
      !(HTTP_METHODS as readonly string[]).includes(match[1] as string) ||
      (match[4] !== undefined && match[3] !== '403')
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `route ${index + 1}: expected "METHOD /path STATUS" (a 403 may add insufficient_scope), e.g. GET /api/v1/me 200`,
      });
      continue;
    }
    parsed.push({
      method: match[1] as RouteExpectation['method'],
      path: match[2] as string,
      status: Number(match[3]),
      ...(match[4] ? { error: 'insufficient_scope' as const } : {}),
    });
  }
  if (parsed.length === 0 && !ctx.issues?.length)
    ctx.addIssue({ code: 'custom', message: 'expected at least one route' });
  return parsed;
});

const claims = z.string().transform((text, ctx) => {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'expected a JSON object, e.g. {"role":"user"}' });
  return z.NEVER;
});

/** `401` or `401,422`: the statuses a refusal of bad credentials may have (each 400–499). */
const refusalStatuses = z.string().transform((text, ctx) => {
  const statuses = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (statuses.length === 0 || !statuses.every((item) => /^4\d\d$/.test(item))) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected one or more 4xx statuses separated by commas, e.g. 401 or 401,422',
    });
    return z.NEVER;
  }
  return statuses.map(Number);
});
const jsonField = z
  .string()
  .trim()
  .regex(/^[\w-]+(\.[\w-]+)*$/, 'expected a JSON field or dotted path');

const list = z.string().transform((text) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'ES256',
  'ES384',
  'EdDSA',
] as const;

export const targetSchema = z
  .object({
    // Where the target is
    TARGET_BASE_URL: url,
    TARGET_AUTH_URL: url.optional(),
    TARGET_HEALTH_PATH: path.optional(),
    // The team's own Playwright specs, run beside the built-in suites as the project `user` (relative to the env's repo)
    USER_TESTS_DIR: z.string().min(1).optional(),
    REFERENCE_TARGET: z.enum(['embedded', 'none'], { message: 'expected embedded or none' }).default('none'),
    // Login flow (the target's real one)
    // Login request shape: see helpers/env/login-config.ts (required unless TOKEN_COMMAND / TOKEN_VARIABLE)
    LOGIN_PATH: path.optional(),
    LOGIN_BODY: bodyEncoding.default('json'),
    LOGIN_USERNAME_FIELD: name.default('username'),
    LOGIN_PASSWORD_FIELD: name.default('password'),
    LOGIN_EXTRA_FIELDS: extraFields.optional(),
    LOGIN_HEADERS: extraHeaders.optional(),
    LOGIN_TOKEN_JSON_FIELD: jsonField.optional(),
    LOGIN_TOKEN_COOKIE: name.optional(),
    LOGIN_TOKEN_HEADER: name.optional(),
    REFRESH_PATH: path.optional(),
    REFRESH_COOKIE: name.optional(),
    // Refresh by body field (simplejwt {"refresh": …}, OAuth2 refresh_token grant) instead of by cookie
    REFRESH_FIELD: name.optional(),
    REFRESH_BODY: bodyEncoding.default('json'),
    REFRESH_TOKEN_JSON_FIELD: jsonField.optional(),
    REFRESH_EXTRA_FIELDS: extraFields.optional(),
    REFRESH_HEADERS: extraHeaders.optional(),
    REFRESH_ACCESS_JSON_FIELD: jsonField.optional(),
    // CSRF sent on state-changing cookie-authenticated requests
    CSRF_MODE: z
      .enum(['none', 'double-submit', 'endpoint'], { message: 'expected none, double-submit or endpoint' })
      .default('none'),
    CSRF_COOKIE: name.optional(),
    CSRF_REFRESH_COOKIE: name.optional(),
    CSRF_HEADER: name.default('X-CSRF-TOKEN'),
    CSRF_PATH: path.optional(),
    CSRF_TOKEN_JSON_FIELD: jsonField.optional(),
    // Escape hatch: a token from a command's stdout or from a (secret) variable, for flows no template expresses
    TOKEN_COMMAND: nonEmpty.optional(),
    TOKEN_COMMAND_TIMEOUT: duration('TOKEN_COMMAND_TIMEOUT').default(30_000),
    // The app page's own login (APP_URL) driven in Chromium, the token read from a cookie or web storage
    TOKEN_BROWSER_COOKIE: name.optional(),
    TOKEN_BROWSER_STORAGE: nonEmpty.optional(),
    TOKEN_BROWSER_STORAGE_FIELD: jsonField.optional(),
    TOKEN_BROWSER_TIMEOUT: duration('TOKEN_BROWSER_TIMEOUT').default(30_000),
    TOKEN_VARIABLE: z
      .string()
      .trim()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name')
      .optional(),
    LOGOUT_PATH: path.optional(),
    SIGNUP_PATH: path.optional(),
    TOKEN_COOKIE: name.optional(),
    // Test users and the routes they must reach
    TEST_USER: nonEmpty.optional(),
    TEST_USER_PASSWORD: nonEmpty.optional(),
    ADMIN_USER: nonEmpty.optional(),
    ADMIN_USER_PASSWORD: nonEmpty.optional(),
    ROUTES: routes,
    ADMIN_ROUTES: routes.optional(),
    // Tokens
    JWT_ALG: z.enum(JWT_ALGORITHMS, { message: `expected one of ${JWT_ALGORITHMS.join(', ')}` }).default('HS256'),
    JWT_ISSUER: nonEmpty.optional(),
    JWT_AUDIENCE: nonEmpty.optional(),
    JWT_TTL: duration('JWT_TTL').default(300_000),
    JWT_LEEWAY: duration('JWT_LEEWAY').default(30_000),
    JWT_SUBJECT: nonEmpty.optional(),
    JWT_CLAIMS: claims.optional(),
    // The backend's declared contract: what a correct answer is for this deployment (defaults follow the RFCs)
    EXPECT_WWW_AUTHENTICATE: bool.default(true),
    BAD_TOKEN_STATUS: refusalStatuses.default([401]),
    JWT_EXP_REQUIRED: bool.default(true),
    WS_EXPIRY_CLOSE: bool.default(true),
    // Secrets: names and locations only; values are resolved by helpers/secret
    SECRET_CHAIN: list.optional(),
    SECRET_ENV_NAME: nonEmpty.optional(),
    SECRET_ENCODING: z
      .enum(['raw', 'base64', 'base64url'], { message: 'expected raw, base64 or base64url' })
      .default('raw'),
    SECRET_JSON_FIELD: nonEmpty.optional(),
    SIGNING_KEY_CHAIN: list.optional(),
    /** The fingerprint the backend logs for the secret it resolved (same scheme as helpers/secret/vectors.json). */
    TARGET_SECRET_FINGERPRINT: z
      .string()
      .trim()
      .regex(/^fp:[0-9a-f]{12}$/, 'expected a fingerprint such as fp:3f2a9c1b7d4e')
      .optional(),
    // OAuth2 / OpenID Connect: tokens come from the provider's token endpoint (helpers/env/oauth-config.ts)
    // Kept exactly as written: an issuer identifier is compared character for character (Auth0's ends with "/").
    OIDC_ISSUER: exactUrl.optional(),
    OAUTH_TOKEN_ENDPOINT: exactUrl.optional(),
    JWKS_URL: exactUrl.optional(),
    OAUTH_GRANT: z
      .enum(['password', 'client_credentials'], { message: 'expected password or client_credentials' })
      .default('password'),
    OAUTH_CLIENT_ID: nonEmpty.optional(),
    OAUTH_CLIENT_SECRET: nonEmpty.optional(),
    OAUTH_CLIENT_AUTH: z
      .enum(['client_secret_basic', 'client_secret_post', 'none'], {
        message: 'expected client_secret_basic, client_secret_post or none',
      })
      .default('client_secret_basic'),
    OAUTH_SCOPE: nonEmpty.optional(),
    /** RFC 8707 resource indicator (some providers issue JWT access tokens only for a declared resource). */
    OAUTH_RESOURCE: nonEmpty.optional(),
    /** Another resource (API) of the same provider: its tokens must not open this API (the audience check). */
    OAUTH_OTHER_RESOURCE: nonEmpty.optional(),
    /** Protected-header fields of minted tokens (RFC 9068 access tokens carry typ at+jwt and a kid). */
    JWT_KID: nonEmpty.optional(),
    JWT_TYP: nonEmpty.optional(),
    // Transport
    TLS_CA_FILE: nonEmpty
      .refine(isRegularFile, 'expected a readable regular file (not a FIFO, a device or a directory) of at most 1 MiB')
      .optional(),
    TLS_REJECT_UNAUTHORIZED: bool.default(true),
    HTTP_TIMEOUT: duration('HTTP_TIMEOUT', { minMs: 100, maxMs: 300_000 }).default(10_000),
    /** The longest Retry-After the client waits out on an idempotent call before giving the answer as infra. */
    HTTP_RETRY_AFTER_MAX: duration('HTTP_RETRY_AFTER_MAX', { maxMs: 60_000 }).default(5_000),
    HTTP_RETRIES: int(0, 5).default(2),
    // WebSocket: the suite runs only when WS_URL or WS_PATH is set; see helpers/env/ws-config.ts
    WS_URL: z
      .string()
      .trim()
      .regex(/^wss?:\/\/\S+$/, 'expected a ws:// or wss:// URL')
      .refine(
        (text) => !URL.canParse(text) || (new URL(text).username === '' && new URL(text).password === ''),
        'must not contain credentials (user:password@): remove them',
      )
      .optional(),
    WS_PATH: path.optional(),
    WS_AUTH_MODES: list
      .pipe(
        z.array(
          z.enum(['header', 'protocol', 'query', 'cookie', 'message'], {
            message: 'expected header, protocol, query, cookie or message',
          }),
        ),
      )
      .default(['header']),
    WS_REFUSAL: z
      .enum(['http-401', 'http-403', 'close-1008', 'close-4401', 'close-4403'], {
        message: 'expected http-401, http-403, close-1008, close-4401 or close-4403',
      })
      .default('http-401'),
    WS_MESSAGE_REFUSAL: z
      .enum(['close-1008', 'close-4401', 'close-4403'], { message: 'expected close-1008, close-4401 or close-4403' })
      .default('close-4401'),
    WS_PROTOCOL_MARKER: name.default('bearer'),
    WS_QUERY_PARAM: name.default('access_token'),
    WS_COOKIE: name.optional(),
    WS_AUTH_MESSAGE: z
      .string()
      .trim()
      .includes('{{token}}', { message: 'must contain {{token}}' })
      .default('{"type":"auth","token":"{{token}}"}'),
    WS_WELCOME_TYPE: nonEmpty.default('welcome'),
    WS_WELCOME_FIELD: z
      .string()
      .trim()
      .regex(/^[\w-]+(\.[\w-]+)*$/, 'expected a JSON field or dotted path')
      .default('sub'),
    WS_ECHO_MESSAGE: z
      .string()
      .trim()
      .includes('{{nonce}}', { message: 'must contain {{nonce}}' })
      .default('{"type":"echo","data":"{{nonce}}"}'),
    WS_ALLOWED_ORIGIN: url.optional(),
    WS_FOREIGN_ORIGIN: url.default('https://attacker.invalid'),
    WS_EXPIRY_GRACE: duration('WS_EXPIRY_GRACE').default(3_000),
    WS_TIMEOUT: duration('WS_TIMEOUT', { minMs: 100, maxMs: 300_000 }).default(5_000),
    // Cookies and browser: the cookie suite runs when COOKIE_EXPECT is set, the browser suite when APP_URL is too; see helpers/cookies/cookie-config.ts
    COOKIE_EXPECT: z
      .string()
      .transform((text, ctx) => parseCookieExpectations(text, (message) => ctx.addIssue({ code: 'custom', message })))
      .optional(),
    COOKIE_ROUTES: z
      .string()
      .transform((text, ctx) => parseCookieRoutes(text, (message) => ctx.addIssue({ code: 'custom', message })))
      .optional(),
    COOKIE_MAX_BYTES: int(64, 65_536).default(4096),
    COOKIE_LOGOUT_REVOKES: bool.default(false),
    // Session checks: refresh tokens are single-use (rotated); a cookie-authenticated state-changing route for CSRF.
    REFRESH_ROTATES: bool.default(false),
    CSRF_ROUTE: z
      .string()
      .regex(/^(POST|PUT|PATCH|DELETE) \/\S*$/, 'expected "METHOD /path" with POST, PUT, PATCH or DELETE')
      .optional(),
    // Kept as written: the app's page and its service worker's scope differ by a trailing slash.
    APP_URL: exactUrl.optional(),
    APP_USERNAME_SELECTOR: nonEmpty.default('input[name="username"], input[type="email"]'),
    APP_PASSWORD_SELECTOR: nonEmpty.default('input[type="password"]'),
    APP_SUBMIT_SELECTOR: nonEmpty.default('button[type="submit"]'),
    APP_LOGOUT_SELECTOR: nonEmpty.default('button[name="logout"], [data-action="logout"]'),
    APP_HOST_RESOLVER_RULES: nonEmpty.optional(),
    ...SEED000_KEYS,
    ...EVIDENCE_KEYS,
  })
  .superRefine((value, ctx) => {
    refineLoginShape(value, ctx);
    // OIDC_ISSUER wins for the provider's own tokens (discovery's issuer must equal it); JWT_ISSUER is what minted
    // tokens carry. Two different values cannot both be the issuer the API accepts.
    if (value.OIDC_ISSUER !== undefined && value.JWT_ISSUER !== undefined && value.OIDC_ISSUER !== value.JWT_ISSUER)
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_ISSUER'],
        message:
          "differs from OIDC_ISSUER (the provider's tokens carry OIDC_ISSUER, minted ones JWT_ISSUER): write the same issuer in both, to the letter (trailing slash included), or leave JWT_ISSUER out",
      });
    const oauth = value.OIDC_ISSUER !== undefined || value.OAUTH_TOKEN_ENDPOINT !== undefined;
    const userless = oauth && value.OAUTH_GRANT === 'client_credentials';
    if (oauth && value.OAUTH_CLIENT_AUTH !== 'none' && (!value.OAUTH_CLIENT_ID || !value.OAUTH_CLIENT_SECRET))
      ctx.addIssue({
        code: 'custom',
        path: [value.OAUTH_CLIENT_ID ? 'OAUTH_CLIENT_SECRET' : 'OAUTH_CLIENT_ID'],
        message: `OAUTH_CLIENT_AUTH=${value.OAUTH_CLIENT_AUTH} needs OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET`,
      });
    if (userless && !value.OAUTH_CLIENT_ID)
      ctx.addIssue({ code: 'custom', path: ['OAUTH_CLIENT_ID'], message: 'client_credentials needs OAUTH_CLIENT_ID' });
    if (value.ADMIN_USER && !value.ADMIN_USER_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_USER_PASSWORD'],
        message: 'ADMIN_USER is set, so its password is required',
      });
    }
    if (value.ADMIN_ROUTES && !value.ADMIN_USER) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_USER'], message: 'ADMIN_ROUTES is set, so ADMIN_USER is required' });
    }
    // An asymmetric JWT_ALG without SIGNING_KEY_CHAIN is the no-mint mode: the acquired token is the control.
  })
  // Runs even when other keys failed (a missing key is reported with the rest); reads the raw input, so it only
  // tests presence: an empty value already has its own message.
  .superRefine(
    (value, ctx) => {
      const raw = value as Partial<Record<string, unknown>>;
      const oauth = raw['OIDC_ISSUER'] !== undefined || raw['OAUTH_TOKEN_ENDPOINT'] !== undefined;
      if (oauth && raw['OAUTH_GRANT'] === 'client_credentials') return; // no user: the client is the subject
      if (raw['TEST_USER'] === undefined) ctx.addIssue({ code: 'custom', path: ['TEST_USER'], message: 'required' });
      // The password grant needs the password (without a token endpoint, the login rules above say when).
      if (oauth && raw['TEST_USER_PASSWORD'] === undefined)
        ctx.addIssue({ code: 'custom', path: ['TEST_USER_PASSWORD'], message: 'required for OAUTH_GRANT=password' });
    },
    { when: () => true },
  )
  .superRefine(checkSeed000Env);

export type TargetEnv = z.output<typeof targetSchema>;

interface LoginShapeKeys {
  LOGIN_PATH?: string | undefined;
  LOGIN_TOKEN_JSON_FIELD?: string | undefined;
  LOGIN_TOKEN_COOKIE?: string | undefined;
  LOGIN_TOKEN_HEADER?: string | undefined;
  TEST_USER_PASSWORD?: string | undefined;
  TOKEN_COMMAND?: string | undefined;
  TOKEN_VARIABLE?: string | undefined;
  TOKEN_BROWSER_COOKIE?: string | undefined;
  TOKEN_BROWSER_STORAGE?: string | undefined;
  APP_URL?: string | undefined;
  /** OAuth2/OIDC token endpoint keys (validated with their own rules where they are declared). */
  OIDC_ISSUER?: string | undefined;
  OAUTH_TOKEN_ENDPOINT?: string | undefined;
  REFRESH_PATH?: string | undefined;
  REFRESH_FIELD?: string | undefined;
  CSRF_MODE: string;
  CSRF_COOKIE?: string | undefined;
  CSRF_PATH?: string | undefined;
}

/** What the login/refresh/CSRF/token-source keys require of each other. */
function refineLoginShape(value: LoginShapeKeys, ctx: z.RefinementCtx): void {
  const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  const browser = Boolean(value.TOKEN_BROWSER_COOKIE || value.TOKEN_BROWSER_STORAGE);
  const sources = [value.TOKEN_COMMAND, value.TOKEN_VARIABLE, browser || undefined].filter(Boolean).length;
  if (sources > 1)
    issue('TOKEN_VARIABLE', 'set one of TOKEN_COMMAND, TOKEN_VARIABLE, TOKEN_BROWSER_COOKIE / TOKEN_BROWSER_STORAGE');
  if (browser && !value.APP_URL)
    issue('APP_URL', 'TOKEN_BROWSER_* reads the token after logging in through the app page: APP_URL is required');
  if (browser && !value.TEST_USER_PASSWORD)
    issue('TEST_USER_PASSWORD', 'TOKEN_BROWSER_* logs in through the app page with the test user');
  const external = Boolean(value.TOKEN_COMMAND || value.TOKEN_VARIABLE || browser);
  // An OAuth2 token endpoint replaces LOGIN_PATH; its own rules say when the password is needed.
  const tokenEndpoint = Boolean(value.OIDC_ISSUER || value.OAUTH_TOKEN_ENDPOINT);
  if (!external && !tokenEndpoint) {
    if (!value.LOGIN_PATH)
      issue(
        'LOGIN_PATH',
        'required unless a token source (TOKEN_COMMAND, TOKEN_VARIABLE, TOKEN_BROWSER_*) gives the token',
      );
    if (value.TEST_USER_PASSWORD === undefined)
      issue(
        'TEST_USER_PASSWORD',
        'required unless a token source (TOKEN_COMMAND, TOKEN_VARIABLE, TOKEN_BROWSER_*) gives the token',
      );
    if (!value.LOGIN_TOKEN_JSON_FIELD && !value.LOGIN_TOKEN_COOKIE && !value.LOGIN_TOKEN_HEADER)
      issue(
        'LOGIN_TOKEN_JSON_FIELD',
        'set LOGIN_TOKEN_JSON_FIELD, LOGIN_TOKEN_COOKIE and/or LOGIN_TOKEN_HEADER: where the login returns the token',
      );
  }
  if (value.REFRESH_FIELD && !value.REFRESH_PATH)
    issue('REFRESH_PATH', 'REFRESH_FIELD is set, so REFRESH_PATH is required');
  if (value.CSRF_MODE === 'double-submit' && !value.CSRF_COOKIE)
    issue('CSRF_COOKIE', 'CSRF_MODE=double-submit needs CSRF_COOKIE: the cookie whose value goes in the header');
  if (value.CSRF_MODE === 'endpoint' && !value.CSRF_PATH)
    issue('CSRF_PATH', 'CSRF_MODE=endpoint needs CSRF_PATH: the page or endpoint that hands out the token');
}

/** Keys whose values are credentials: never printed, redacted at every sink. */
export const SENSITIVE_KEYS: readonly string[] = ['TEST_USER_PASSWORD', 'ADMIN_USER_PASSWORD'];
