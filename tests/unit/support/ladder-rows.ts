import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { DiagnosisCode } from '../../../helpers/diagnosis/catalogue';
import { diagnoseRefusal, type DiagnosisReport } from '../../../helpers/diagnosis/diagnose-refusal';
import { mintOptionsFromConfig } from '../../../helpers/token/claims-from-config';
import { mintToken } from '../../../helpers/token/mint-token';
import { signClaims } from '../../../helpers/token/sign-claims';
import { hmacKey } from '../../../helpers/token/signing-key';
import { Secret } from '../../../helpers/secret/secret';
import { buildHarness } from '../../../helpers/harness/build-harness';
import type { Harness } from '../../../helpers/harness/harness';
import { inProcessDispatcher } from './in-process-dispatcher';
import { RAN, ranOf, REPORT_EVIDENCE } from './ladder-traces';
import { sendRefused } from './send-refused';
import { backendHandler, bodyOnly, challenge, json, opaque, type BackendOptions } from './scripted-backend';

/**
 * The rows of the ladder table (tests/unit/diagnosis-ladder-table.test.ts, and the mutation check): every branch of
 * the diagnosis ladder, reached from a table. Each row plays a scripted backend whose handler is reached in process
 * (no socket), sends the harness's token as a suite does, and diagnoses the answer: the first code, the summary a user
 * reads and the key evidence are the assertions.
 */

const HARNESS_SECRET = randomBytes(32).toString('base64url');
const OTHER_SECRET = randomBytes(32).toString('base64url');
const THIRD_SECRET = randomBytes(32).toString('base64url');
const enc = (text: string) => new TextEncoder().encode(text);

export interface Row {
  readonly name: string;
  /** Env variables for the harness on top of env/local.env (JWT_SECRET_LOCAL defaults to HARNESS_SECRET). */
  readonly harness?: Record<string, string>;
  readonly backend: (tools: Tools) => BackendOptions | Promise<BackendOptions>;
  /** The token the refused request carried (default: the harness's minted token), and how. */
  readonly sent?: (tools: Tools) => Promise<string> | string;
  readonly delivery?: 'header' | 'cookie';
  readonly tokenOrigin?: 'harness' | 'target' | 'given';
  readonly budget?: number;
  readonly first: DiagnosisCode | 'none';
  /** What the first diagnosis's summary (the line a user reads) must say. */
  readonly summary?: RegExp;
  readonly evidence?: Record<string, unknown>;
  readonly never?: readonly DiagnosisCode[];
}

interface Tools {
  readonly harness: Harness;
  /** The harness's own token (as a suite mints it). */
  mint(overrides?: Record<string, unknown>, clockOffsetMs?: number): Promise<string>;
  /** A token signed with any HMAC key, claims as the harness makes them plus `claims`. */
  signWith(
    secret: string | Uint8Array,
    claims?: Record<string, unknown>,
    header?: Record<string, unknown>,
  ): Promise<string>;
}

function toolsFor(harness: Harness): Tools {
  const base = mintOptionsFromConfig(harness.config, harness.signingKey, harness.clock);
  return {
    harness,
    mint: (overrides = {}, clockOffsetMs = 0) =>
      mintToken({
        ...base,
        clock: { now: () => harness.clock.now() + clockOffsetMs },
        notBeforeOffsetMs: 0,
        ...overrides,
      }),
    async signWith(secret, claims = {}, header = {}) {
      const key = await hmacKey(new Secret(typeof secret === 'string' ? enc(secret) : secret, 'test'), 'HS256');
      const iat = Math.floor(Date.now() / 1000);
      const payload = {
        ...harness.config.jwt.claims,
        sub: harness.config.jwt.subject,
        iss: harness.config.jwt.issuer,
        aud: harness.config.jwt.audience,
        iat,
        exp: iat + 300,
        ...claims,
      };
      return signClaims({ typ: 'JWT', ...header }, payload, key);
    },
  };
}

const harnessKeyBytes = enc(HARNESS_SECRET);
const AUD = 'reference-api';
const ISS = 'https://auth.reference.test';
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The harness's token written in standard base64 (its claims chosen so that `+`, `/` and `=` appear). */
const standardBase64Token = async (tools: Tools): Promise<string> =>
  (await tools.mint({ claims: { role: 'user', pad: '??>>' } }))
    .split('.')
    .map((segment) => Buffer.from(segment, 'base64url').toString('base64'))
    .join('.');

export const ROWS: Row[] = [
  // Infrastructure: gateway and overload statuses are not auth verdicts.
  ...[502, 503, 504].map((status): Row => ({
    name: `gateway ${status}`,
    summary: new RegExp(`answered ${status} \\(gateway or overload\\): infrastructure, not an auth verdict`),
    backend: () => ({ verifyKey: harnessKeyBytes, status }),
    first: 'AC_INFRA_5XX',
  })),
  {
    name: 'rate-limited 429',
    summary: /answered 429: rate-limited, not an auth verdict/,
    backend: () => ({ verifyKey: harnessKeyBytes, status: 429 }),
    first: 'AC_INFRA_RATE_LIMITED',
  },
  {
    // The login issues an opaque token the API accepts; the harness's JWT is refused: no key comparison is possible.
    name: 'opaque login token accepted, the harness JWT refused',
    summary: /accepts the opaque token its login issues .* no secret comparison is possible/,
    backend: () => ({
      verifyKey: enc(OTHER_SECRET),
      issue: () => 'opq_5d0c7e3a9b1f4a2e8c6d0b7a9e3f1c5d',
      acceptOpaque: 'opq_5d0c7e3a9b1f4a2e8c6d0b7a9e3f1c5d',
    }),
    first: 'AC_TOKEN_NOT_JWT',
    evidence: { issuedTokenAccepted: 200 },
    never: ['AC_SECRET_MISMATCH'],
  },
  {
    name: '500 with the health route down',
    summary: /answered 500 and the health route answers 500: the application is down/,
    backend: () => ({ verifyKey: harnessKeyBytes, status: 500, healthStatus: 500 }),
    first: 'AC_INFRA_5XX',
    evidence: { health: 500 },
  },
  {
    name: '500 on every token while the service is up',
    summary: /answered 500 while the service is up \(health 200\): the auth handling crashes/,
    backend: () => ({ verifyKey: harnessKeyBytes, status: 500 }),
    first: 'AC_AUTH_COMPONENT_BROKEN',
    evidence: { controlStatus: 500 },
  },
  {
    name: 'an invalid token crashes the handler, a valid one passes',
    summary: /this token gets 500 while a valid control gets 200: invalid tokens crash the handler/,
    backend: () => ({ verifyKey: harnessKeyBytes, crashOnInvalid: true }),
    sent: (tools) => tools.signWith(OTHER_SECRET),
    first: 'AC_INVALID_TOKEN_5XX',
  },
  {
    name: 'expired token',
    summary: /^the token expired 3[23]\d\d s ago$/,
    backend: () => ({ verifyKey: harnessKeyBytes }),
    sent: (tools) => tools.mint({ issuedAtOffsetMs: -3_600_000 }),
    first: 'AC_TOKEN_EXPIRED',
  },
  {
    name: 'token in standard base64, accepted once base64url',
    summary: /not base64url \(standard-base64-alphabet.*\); the same token in base64url is accepted/,
    backend: () => ({ verifyKey: harnessKeyBytes }),
    sent: standardBase64Token,
    first: 'AC_TOKEN_ENCODING_MISMATCH',
    evidence: { confirmedByProbe: true },
  },
  {
    name: 'cookie ignored: accepted by header',
    summary: /accepted in Authorization but refused in cookie access_token/,
    backend: () => ({ verifyKey: harnessKeyBytes, readCookie: false }),
    delivery: 'cookie',
    first: 'AC_COOKIE_IGNORED',
  },
  {
    name: 'header ignored: accepted by cookie',
    summary: /refused in Authorization but accepted in cookie access_token/,
    backend: () => ({ verifyKey: harnessKeyBytes, readHeader: false }),
    first: 'AC_HEADER_IGNORED',
  },
  // Clock.
  {
    name: 'server clock 10 min ahead, Date says so: confirmed by a server-time token',
    summary: /is (599|600|601) s ahead of the runner's; leeway 30 s; a token minted from the server's time is accepted/,
    backend: () => ({ verifyKey: harnessKeyBytes, clockOffsetMs: 600_000, leewaySeconds: 0 }),
    first: 'AC_CLOCK_SKEW',
    evidence: { confirmedByProbe: true },
  },
  {
    name: 'Date jitter: a cached Date 1.8 s behind, leeway 0, refused for its key → not skew',
    summary: /no key the harness knows is accepted; .*\(server: \"invalid signature\"\)/,
    backend: () => ({ verifyKey: enc(OTHER_SECRET), date: 'lag:1800', leewaySeconds: 0 }),
    first: 'AC_SECRET_MISMATCH',
    never: ['AC_CLOCK_SKEW'],
  },
  {
    name: 'Date jitter with an audience reason: the reason wins, not the Date',
    summary:
      /refuses the token's audience \(server, www-authenticate: \"jwt audience invalid. expected: api-v2\"\); declared JWT_AUDIENCE=\"reference-api\"/,
    backend: () => ({
      verifyKey: harnessKeyBytes,
      date: 'lag:1800',
      policy: (payload) => (payload['aud'] === 'api-v2' ? undefined : 'jwt audience invalid. expected: api-v2'),
    }),
    first: 'AC_AUDIENCE_DRIFT',
    never: ['AC_CLOCK_SKEW', 'AC_SECRET_MISMATCH'],
  },
  ...[
    'An error occurred while attempting to decode the Jwt: Jwt used before 2026-11-23T12:00:00Z',
    'jwt not active',
    'token has invalid claims: token used before issued',
    'The token is not yet valid (nbf)',
  ].map((message): Row => ({
    name: `server clock 1 min behind, no Date header, says "${message.slice(0, 40)}…"`,
    backend: () => ({
      verifyKey: harnessKeyBytes,
      clockOffsetMs: -60_000,
      date: 'none',
      refuse: (res) => challenge(res, message),
    }),
    first: 'AC_CLOCK_SKEW',
    summary: /not yet valid and accepts one backdated by 2 minutes: its clock is behind the runner's/,
    evidence: { confirmedByProbe: true },
    never: ['AC_SECRET_MISMATCH'],
  })),
  // The server's own word on the refused token's times, while the harness's fresh token passes and no clock shows a
  // difference (no Date header): the word is quoted, expiry and not-yet-valid told apart.
  {
    name: 'the server calls the token expired, no clock says so, the fresh control passes',
    backend: () => ({
      verifyKey: harnessKeyBytes,
      date: 'none',
      policy: (payload) => (payload['stale'] ? 'jwt expired' : undefined),
    }),
    sent: (tools) => tools.mint({ claims: { role: 'user', stale: true } }),
    first: 'AC_TOKEN_EXPIRED',
    summary: /^the server calls the token expired \(server, www-authenticate: "jwt expired"\)$/,
    never: ['AC_CLOCK_SKEW', 'AC_SECRET_MISMATCH'],
  },
  {
    name: 'the server calls the token not yet valid, no clock says so, the fresh control passes',
    backend: () => ({
      verifyKey: harnessKeyBytes,
      date: 'none',
      policy: (payload) => (payload['early'] ? 'jwt not active' : undefined),
    }),
    sent: (tools) => tools.mint({ claims: { role: 'user', early: true } }),
    first: 'AC_CLOCK_SKEW',
    summary:
      /^the server calls the token not yet valid \(server, www-authenticate: "jwt not active"\) while the harness's fresh token passes: the clock of whoever minted it is ahead$/,
    evidence: { confirmedByProbe: true },
    never: ['AC_TOKEN_EXPIRED', 'AC_SECRET_MISMATCH'],
  },
  // The login's own token refused while the harness's passes: the issued token is compared with the env.
  {
    name: "the login issues another audience than the API's (the env's); its token is refused, the control passes",
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      policy: (payload) => (payload['aud'] === AUD ? undefined : 'jwt audience invalid'),
      issue: () => tools.signWith(HARNESS_SECRET, { aud: 'mobile-app' }),
    }),
    sent: async (tools) => (await tools.harness.issuedToken()) ?? '',
    tokenOrigin: 'target',
    first: 'AC_AUDIENCE_DRIFT',
    summary: /^the target issues aud="mobile-app"; the env declares JWT_AUDIENCE="reference-api"$/,
    evidence: { issuedAud: 'mobile-app', declaredAud: AUD },
    never: ['AC_SECRET_MISMATCH'],
  },
  // Past its exp by the runner's clock, but the server's clock is 10 min behind (its Date says so): to the server the
  // token is not yet valid. Expiry is not the answer; the clocks are.
  {
    name: "expired by the runner's clock, not yet valid by the server's 10 min behind → skew, not expiry",
    backend: () => ({ verifyKey: harnessKeyBytes, clockOffsetMs: -600_000, leewaySeconds: 0 }),
    sent: (tools) => {
      const now = Math.floor(Date.now() / 1000);
      return tools.signWith(HARNESS_SECRET, { iat: now - 400, nbf: now - 400, exp: now - 100 });
    },
    first: 'AC_CLOCK_SKEW',
    summary: /is (599|600|601) s behind the runner's; leeway 30 s; a token minted from the server's time is accepted/,
    evidence: { confirmedByProbe: true },
    never: ['AC_TOKEN_EXPIRED'],
  },
  // The clock step must run before the claims bisection: a skewed server accepts its own token (minted from its clock)
  // and refuses the harness's for its times, which a bisection would take for a claim policy (a step swap fails here).
  {
    name: 'step order: server clock 10 min ahead while its own issued token is accepted → skew, not claims',
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      clockOffsetMs: 600_000,
      leewaySeconds: 0,
      issue: () => {
        const iat = Math.floor((Date.now() + 600_000) / 1000);
        return tools.signWith(HARNESS_SECRET, { iat, nbf: iat, exp: iat + 300 });
      },
    }),
    first: 'AC_CLOCK_SKEW',
    summary: /is (599|600|601) s ahead of the runner's; leeway 30 s; a token minted from the server's time is accepted/,
    evidence: { confirmedByProbe: true },
    never: ['AC_REQUIRED_CLAIM_MISSING', 'AC_SECRET_MISMATCH'],
  },
  {
    name: 'server clock 10 min behind, Date says so: "behind", not "ahead of"',
    backend: () => ({ verifyKey: harnessKeyBytes, clockOffsetMs: -600_000, leewaySeconds: 0 }),
    first: 'AC_CLOCK_SKEW',
    summary: /is (599|600|601) s behind the runner's; leeway 30 s; a token minted from the server's time is accepted/,
    evidence: { confirmedByProbe: true },
  },
  // Skew judged on the token's own times: the harness's fresh token passes, the refused one is at fault.
  ...(
    [
      ['FastAPI, "Could not validate credentials"', bodyOnly(() => ({ detail: 'Could not validate credentials' }))],
      ['PyJWT, "Signature has expired"', bodyOnly(() => ({ detail: 'Signature has expired' }))],
    ] as const
  ).map(([said, refuse]): Row => ({
    name: `exp between the runner's clock and the server's Date (server 2 min ahead), ${said} → skew, not expiry`,
    backend: () => ({ verifyKey: harnessKeyBytes, clockOffsetMs: 120_000, leewaySeconds: 0, refuse }),
    sent: (tools) => tools.mint({ issuedAtOffsetMs: -280_000 }),
    tokenOrigin: 'given',
    first: 'AC_CLOCK_SKEW',
    summary:
      /still valid by the runner's clock but past its exp by the server's: the server's Date \(.*\) is 1[12]\d s ahead of the runner's/,
    never: ['AC_TOKEN_EXPIRED'],
  })),
  ...(
    [
      ['PyJWT, "The token is not yet valid (iat)"', 'The token is not yet valid (iat)'],
      ['FastAPI, "Could not validate credentials"', 'Could not validate credentials'],
    ] as const
  ).map(([said, detail]): Row => ({
    name: `a future iat from an issuer 2 min ahead, refused by the library's own clock, ${said} → skew`,
    backend: () => ({ verifyKey: harnessKeyBytes, leewaySeconds: 0, refuse: bodyOnly(() => ({ detail })) }),
    sent: (tools) => {
      const iat = Math.floor(Date.now() / 1000) + 120;
      return tools.signWith(HARNESS_SECRET, { iat, exp: iat + 300 });
    },
    tokenOrigin: 'target',
    first: 'AC_CLOCK_SKEW',
    summary: /the clock of whoever minted it is ahead/,
    never: ['AC_SECRET_MISMATCH', 'AC_TOKEN_EXPIRED'],
  })),
  // Reasons the ladder gets in other places than the usual ones.
  {
    name: 'the `error` field beside a bare "Unauthorized" message: "JWT library not available" is the reason',
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      policy: () => 'JWT library not available',
      refuse: (res, reason) => json(res, 401, { message: 'Unauthorized', error: reason }),
      issue: () => tools.signWith(HARNESS_SECRET),
    }),
    first: 'AC_API_REFUSES_OWN_TOKENS',
    summary: /\(server: "JWT library not available"\); still open, in order: 1\. its verifier is not initialised/,
    evidence: { serverReason: { text: 'JWT library not available', from: 'error' } },
  },
  {
    name: 'a declared bad-token status (BAD_TOKEN_STATUS=401,422): flask-jwt-extended 422 for another key',
    harness: { BAD_TOKEN_STATUS: '401,422' },
    backend: () => ({
      verifyKey: enc(OTHER_SECRET),
      refuse: (res, reason) =>
        json(res, 422, { msg: reason === 'invalid signature' ? 'Signature verification failed' : reason }),
    }),
    first: 'AC_SECRET_MISMATCH',
    summary: /no key the harness knows is accepted; .*\(server: "Signature verification failed"\)/,
  },
  {
    name: 'a declared bad-token status (BAD_TOKEN_STATUS=401,422): flask-jwt-extended 422 "Invalid audience"',
    harness: { BAD_TOKEN_STATUS: '401,422' },
    backend: () => ({
      verifyKey: harnessKeyBytes,
      policy: (payload) => (payload['aud'] === 'api-v2' ? undefined : 'Invalid audience'),
      refuse: (res, reason) => json(res, 422, { msg: reason }),
    }),
    first: 'AC_AUDIENCE_DRIFT',
    summary: /refuses the token's audience \(server, msg: "Invalid audience"\)/,
  },
  ...(
    [
      ['with messages[]', [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid' }]],
      ['without messages[]', undefined],
    ] as const
  ).map(([how, messages]): Row => ({
    name: `simplejwt's wrapper "Given token not valid for any token type" ${how} names no token type: another key`,
    backend: () => ({
      verifyKey: enc(OTHER_SECRET),
      refuse: bodyOnly(() => ({
        detail: 'Given token not valid for any token type',
        code: 'token_not_valid',
        ...(messages ? { messages } : {}),
      })),
    }),
    first: 'AC_SECRET_MISMATCH',
    summary: /^no key the harness knows is accepted/,
    never: ['AC_REQUIRED_CLAIM_MISSING'],
  })),
  // The server's reason, in the words of the common libraries.
  ...(
    [
      [
        'PyJWT, missing aud',
        bodyOnly((text) => ({ detail: text })),
        'Token is missing the "aud" claim',
        'AC_AUDIENCE_DRIFT',
      ],
      [
        'jsonwebtoken, issuer',
        bodyOnly((text) => ({ message: text })),
        'jwt issuer invalid. expected: https://idp',
        'AC_ISSUER_DRIFT',
      ],
      [
        'ASP.NET, audience',
        challenge,
        "IDX10214: Audience validation failed. Audiences: 'x'. Did not match: validationParameters.ValidAudience: 'api://default'",
        'AC_AUDIENCE_DRIFT',
      ],
      [
        'golang-jwt, required claim',
        bodyOnly((text) => ({ error: text })),
        'token has invalid claims: token is missing required claim',
        'AC_REQUIRED_CLAIM_MISSING',
      ],
      [
        'flask-jwt-extended, type',
        bodyOnly((text) => ({ msg: text })),
        'Missing claim: type',
        'AC_REQUIRED_CLAIM_MISSING',
      ],
      [
        'simplejwt, token type',
        bodyOnly((text) => ({
          detail: 'Given token not valid for any token type',
          code: 'token_not_valid',
          messages: [{ token_class: 'AccessToken', token_type: 'access', message: text }],
        })),
        'Token has no type',
        'AC_REQUIRED_CLAIM_MISSING',
      ],
      [
        'fast-jwt, algorithm',
        bodyOnly((text) => ({ message: text })),
        'Authorization token is invalid: The token algorithm is invalid.',
        'AC_ALG_DRIFT',
      ],
      [
        'Spring, issuer',
        challenge,
        'An error occurred while attempting to decode the Jwt: The iss claim is not valid',
        'AC_ISSUER_DRIFT',
      ],
    ] as const
  ).map(([library, refuse, message, code]): Row => ({
    name: `server reason (${library})`,
    backend: () => ({ verifyKey: harnessKeyBytes, policy: () => message, refuse }),
    first: code,
    summary: new RegExp(`\\(server, [\\w.\\[\\]-]+: "${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\)`),
    evidence: { serverReason: { text: message } },
    never: ['AC_SECRET_MISMATCH'],
  })),
  // Claims bisection: the API accepts its own token; which claim does the harness's lack?
  {
    name: 'claims bisection: audience behind an opaque 401',
    summary: /refuses them with aud: the target issues \"api-v2\", the harness sends \"reference-api\"/,
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      policy: (payload) => (payload['aud'] === 'api-v2' ? undefined : 'aud'),
      refuse: opaque,
      issue: () => tools.signWith(HARNESS_SECRET, { aud: 'api-v2' }),
    }),
    first: 'AC_AUDIENCE_DRIFT',
    evidence: { confirmedByProbe: true, claim: 'aud', issued: 'api-v2', harness: AUD },
  },
  {
    name: 'claims bisection: issuer behind an opaque 401',
    summary: /refuses them with iss: the target issues \"https:\/\/idp.example\"/,
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      policy: (payload) => (payload['iss'] === 'https://idp.example' ? undefined : 'iss'),
      refuse: opaque,
      issue: () => tools.signWith(HARNESS_SECRET, { iss: 'https://idp.example' }),
    }),
    first: 'AC_ISSUER_DRIFT',
    evidence: { confirmedByProbe: true, claim: 'iss' },
  },
  {
    name: 'claims bisection: a required token_type (simplejwt), signed with the harness key → not a secret mismatch',
    summary: /refuses them with token_type: the target issues \"access\", the harness sends absent/,
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      policy: (payload) => (payload['token_type'] === 'access' ? undefined : 'Token has wrong type'),
      refuse: bodyOnly(() => ({ detail: 'Given token not valid for any token type', code: 'token_not_valid' })),
      issue: () => tools.signWith(HARNESS_SECRET, { token_type: 'access', jti: 'j1', user_id: 1 }),
    }),
    first: 'AC_REQUIRED_CLAIM_MISSING',
    evidence: { confirmedByProbe: true, claim: 'token_type' },
    never: ['AC_SECRET_MISMATCH'],
  },
  {
    name: 'claims bisection: an RFC 9068 typ header',
    summary: /refuses them with header:typ: the target issues \"at\+jwt\", the harness sends \"JWT\"/,
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      policy: (_payload, header) => (header['typ'] === 'at+jwt' ? undefined : 'typ'),
      refuse: opaque,
      issue: () => tools.signWith(HARNESS_SECRET, {}, { typ: 'at+jwt' }),
    }),
    first: 'AC_REQUIRED_CLAIM_MISSING',
    evidence: { claim: 'header:typ' },
  },
  // The API refuses its own auth service's token, signed with the harness's key.
  {
    name: 'own token refused, opaque, nothing narrows it',
    summary:
      /refuses the token its own auth service just issued .*still open, in order: 1\. it wants another token type.*; 2\. its claim policy.*; 3\. its verifier is not initialised/,
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      policy: () => 'nope',
      refuse: opaque,
      issue: () => tools.signWith(HARNESS_SECRET),
    }),
    first: 'AC_API_REFUSES_OWN_TOKENS',
    never: ['AC_SECRET_MISMATCH'],
  },
  {
    name: 'own token refused, narrowed: the API wants no aud (PyJWT without an audience configured)',
    summary: /refuses the token its auth service issues but accepts it without aud/,
    backend: (tools) => ({
      verifyKey: harnessKeyBytes,
      policy: (payload) => (payload['aud'] === undefined ? undefined : 'aud'),
      refuse: opaque,
      issue: () => tools.signWith(HARNESS_SECRET),
    }),
    first: 'AC_AUDIENCE_DRIFT',
    evidence: { confirmedByProbe: true, variant: 'without aud' },
  },
  {
    name: 'the token replayed from the target verifies with the harness key: not a secret mismatch',
    backend: () => ({ verifyKey: harnessKeyBytes, policy: () => 'nope', refuse: opaque }),
    sent: (tools) => tools.signWith(HARNESS_SECRET),
    tokenOrigin: 'given',
    first: 'none',
    never: ['AC_SECRET_MISMATCH'],
  },
  // Keys.
  {
    name: 'the target signs and verifies with another key',
    summary:
      /accepts the tokens it issues but not the harness's: it signs with a key other than env:JWT_SECRET_LOCAL \(fp:[0-9a-f]{12}\)$/,
    backend: (tools) => ({ verifyKey: enc(OTHER_SECRET), issue: () => tools.signWith(OTHER_SECRET) }),
    first: 'AC_SECRET_MISMATCH',
  },
  {
    name: 'no key the harness knows, no login',
    summary: /^no key the harness knows is accepted; the harness resolved env:JWT_SECRET_LOCAL \(fp:[0-9a-f]{12}\)/,
    backend: () => ({ verifyKey: enc(OTHER_SECRET) }),
    first: 'AC_SECRET_MISMATCH',
    evidence: { serverReason: { text: 'invalid signature', from: 'www-authenticate' } },
  },
  {
    name: 'services disagree: auth service signs with the env-specific name, the API reads the generic one',
    summary: /auth service signs with env:JWT_SECRET_LOCAL \(fp:\w+\) but the API validates with env:JWT_SECRET_KEY/,
    harness: { JWT_SECRET_KEY: OTHER_SECRET },
    backend: (tools) => ({ verifyKey: enc(OTHER_SECRET), issue: () => tools.signWith(HARNESS_SECRET) }),
    first: 'AC_SERVICES_SECRET_DISAGREE',
  },
  {
    name: 'JSON field per candidate: a plain value under another chain name is probed',
    summary: /the API accepts env:JWT_SECRET_KEY \(fp:\w+\); the harness resolved env:JWT_SECRET_LOCAL/,
    harness: {
      JWT_SECRET_LOCAL: JSON.stringify({ signingKey: HARNESS_SECRET }),
      SECRET_JSON_FIELD: 'signingKey',
      JWT_SECRET_KEY: OTHER_SECRET,
    },
    backend: () => ({ verifyKey: enc(OTHER_SECRET) }),
    first: 'AC_SECRET_MISMATCH',
    evidence: { acceptedKey: { source: 'env:JWT_SECRET_KEY' } },
  },
  {
    name: 'the whole JSON document used as key',
    summary: /whole JSON document of env:JWT_SECRET_LOCAL, not its field/,
    harness: { JWT_SECRET_LOCAL: JSON.stringify({ signingKey: HARNESS_SECRET }), SECRET_JSON_FIELD: 'signingKey' },
    backend: () => ({ verifyKey: enc(JSON.stringify({ signingKey: HARNESS_SECRET })) }),
    first: 'AC_JSON_SECRET_AS_KEY',
  },
  {
    name: 'the backend base64-decodes the secret',
    summary: /accepts the base64-decoded secret \(fp:\w+\); the harness declares SECRET_ENCODING=raw/,
    harness: { JWT_SECRET_LOCAL: Buffer.from(HARNESS_SECRET).toString('base64') },
    backend: () => ({ verifyKey: enc(HARNESS_SECRET) }),
    first: 'AC_SECRET_ENCODING_MISMATCH',
  },
  {
    name: 'a well-known fallback secret',
    summary: /well-known secret \"changeme\": it runs on a built-in fallback/,
    backend: () => ({ verifyKey: enc('changeme') }),
    first: 'AC_WEAK_SECRET_ACCEPTED',
  },
  {
    name: 'the empty secret (node:crypto HMAC takes a zero-length key)',
    summary: /well-known secret \"\": it runs on a built-in fallback or empty key/,
    backend: () => ({ verifyKey: new Uint8Array(0) }),
    first: 'AC_WEAK_SECRET_ACCEPTED',
    evidence: { acceptedKey: 'well-known secret ""' },
  },
  {
    name: 'budget order: the third chain name is found within 4 requests, Date skew and cookie notwithstanding',
    summary: /the API accepts env:JWT_SECRET \(fp:\w+\); the harness resolved env:JWT_SECRET_LOCAL/,
    harness: { JWT_SECRET_KEY: randomBytes(32).toString('base64url'), JWT_SECRET: OTHER_SECRET },
    backend: () => ({ verifyKey: enc(OTHER_SECRET), date: 'lag:-3600000' }),
    budget: 4,
    first: 'AC_SECRET_MISMATCH',
    evidence: { acceptedKey: { source: 'env:JWT_SECRET' } },
  },
  {
    name: "the target signs with a key that is none of the chain's two candidates",
    summary:
      /accepts the tokens it issues but not the harness's: it signs with a key other than env:JWT_SECRET_LOCAL \(fp:[0-9a-f]{12}\) and other than every chain candidate$/,
    harness: { JWT_SECRET_KEY: THIRD_SECRET },
    backend: (tools) => ({ verifyKey: enc(OTHER_SECRET), issue: () => tools.signWith(OTHER_SECRET) }),
    first: 'AC_SECRET_MISMATCH',
    evidence: { issuedTokenVerifiesWithHarnessSecret: false },
  },
  {
    // The login's token is no witness of a key the harness holds: not "the API refuses its own tokens".
    name: "the login's token refused too, signed with a key the harness does not hold → secret mismatch",
    summary: /^no key the harness knows is accepted; the harness resolved env:JWT_SECRET_LOCAL/,
    backend: (tools) => ({ verifyKey: enc(OTHER_SECRET), issue: () => tools.signWith(THIRD_SECRET) }),
    first: 'AC_SECRET_MISMATCH',
    never: ['AC_API_REFUSES_OWN_TOKENS'],
  },
  {
    // One request in all: the control takes it, the login's token (the harness's key) cannot be sent. The held key
    // still says the secret is not the cause; no verdict is better than a wrong one.
    name: "one request in all: the login's token, signed with the harness key, is not sent → no verdict, a note",
    backend: (tools) => ({ verifyKey: enc(OTHER_SECRET), issue: () => tools.signWith(HARNESS_SECRET) }),
    budget: 1,
    first: 'none',
    never: ['AC_SECRET_MISMATCH', 'AC_API_REFUSES_OWN_TOKENS'],
  },
  {
    // The API accepts its login's token (another key) and says nothing of the harness's: the audience the login
    // issues, read from its token, differs from the env's.
    name: "a silent 401, the login's token names another audience: the audience read from the issued token",
    summary: /^the target issues aud="mobile-app"; the env declares JWT_AUDIENCE="reference-api"$/,
    backend: (tools) => ({
      verifyKey: enc(OTHER_SECRET),
      refuse: (res) => void res.writeHead(401).end(),
      issue: () => tools.signWith(OTHER_SECRET, { aud: 'mobile-app' }),
    }),
    first: 'AC_AUDIENCE_DRIFT',
    never: ['AC_SECRET_MISMATCH'],
  },
  {
    name: 'token in standard base64 by cookie, the API reads cookies only: re-encoded in the same cookie, accepted',
    summary: /not base64url \(standard-base64-alphabet.*\); the same token in base64url is accepted$/,
    backend: () => ({ verifyKey: harnessKeyBytes, readHeader: false }),
    sent: standardBase64Token,
    delivery: 'cookie',
    first: 'AC_TOKEN_ENCODING_MISMATCH',
    evidence: { confirmedByProbe: true },
  },
  {
    name: 'token in standard base64 with no request to spare: named, not confirmed, the ladder goes on',
    summary: /^the token sent is not base64url \(standard-base64-alphabet[^)]*\)$/,
    backend: () => ({ verifyKey: harnessKeyBytes }),
    sent: standardBase64Token,
    budget: 0,
    first: 'AC_TOKEN_ENCODING_MISMATCH',
    evidence: { confirmedByProbe: false },
  },
  {
    name: 'algorithm drift: the target issues RS256 where the env declares HS256',
    summary: /refuses the token's algorithm .*declared JWT_ALG=HS256/,
    backend: () => {
      const { privateKey, publicKey } = rsa();
      return {
        verifyKey: publicKey,
        issue: () => {
          const sign = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
          const input = `${sign({ alg: 'RS256', typ: 'JWT' })}.${sign({ sub: 'alice', iss: ISS, aud: AUD })}`;
          return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey, 'base64url')}`;
        },
      };
    },
    first: 'AC_ALG_DRIFT',
  },
];

/** The harness signs RS256 with a key whose public half the API does not have. */
export const ASYMMETRIC: Row = {
  name: 'RS256: the API does not trust the harness key ("no applicable key found in the JSON Web Key Set")',
  summary: /resolved env:HARNESS_PRIVATE_KEY .*no applicable key found/,
  harness: {
    JWT_ALG: 'RS256',
    SIGNING_KEY_CHAIN: 'HARNESS_PRIVATE_KEY',
    HARNESS_PRIVATE_KEY: rsa().privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  },
  backend: () => ({ verifyKey: rsa().publicKey }),
  first: 'AC_SIGNING_KEY_MISMATCH',
  never: ['AC_SECRET_MISMATCH'],
};

/** The origin the rows' requests name: never connected to, the in-process dispatcher answers for it. */
const ORIGIN = 'http://127.0.0.1:9';

/**
 * Builds the run as the CLI does (buildHarness) with every request reaching the row's backend handler in process,
 * sends the row's token as a suite does, and diagnoses the answer with the harness's own diagnose (or, for a row with
 * its own budget, the ladder with the harness's parts).
 */
export async function diagnoseRow(row: Row): Promise<DiagnosisReport> {
  // The backend needs the harness's tools (to issue tokens), and the harness needs the backend: build in two steps.
  const late: { tools?: Tools } = {};
  const ready = (): Tools => {
    if (!late.tools) throw new Error('the backend used the harness before it was built');
    return late.tools;
  };
  const handler = backendHandler(
    await row.backend({
      get harness() {
        return ready().harness;
      },
      mint: (...args) => ready().mint(...args),
      signWith: (...args) => ready().signWith(...args),
    }),
  );
  const dispatcher = inProcessDispatcher((req, res) => void handler(req, res));
  const harness = await buildHarness({
    envName: 'local',
    variables: {
      REFERENCE_TARGET: 'none',
      JWT_SECRET_LOCAL: HARNESS_SECRET,
      ...row.harness,
      TARGET_BASE_URL: ORIGIN,
      REFERENCE_PORT: '9',
    },
    dispatcher,
  });
  const tools = toolsFor(harness);
  late.tools = tools;
  const client = harness.http({ retries: 0 });
  try {
    const token = row.sent ? await row.sent(tools) : await tools.mint();
    const refusal = await sendRefused(client, `${ORIGIN}/api/v1/me`, token, row.delivery ?? 'header', row.tokenOrigin);
    if (row.budget === undefined) return await harness.diagnose(refusal, client);
    const context = {
      config: harness.config,
      resolution: harness.secrets,
      key: harness.signingKey,
      clock: harness.clock,
    };
    return await diagnoseRefusal(
      { ...context, http: client, issuedToken: await harness.issuedToken(), budget: row.budget },
      refusal,
    );
  } finally {
    await client.close();
    await harness.close();
    await dispatcher.close();
  }
}

/** Why a report does not satisfy its row, or undefined when it does (shared by the Playwright test and the mutation check). */
export function rowMismatch(row: Row, report: DiagnosisReport): string | undefined {
  const codes = report.diagnoses.map((entry) => entry.code);
  if (row.first === 'none' ? codes.length > 0 : codes[0] !== row.first)
    return `first code ${codes[0] ?? 'none'}, expected ${row.first}`;
  if (row.summary && !row.summary.test(report.diagnoses[0]?.summary ?? '')) return 'summary differs';
  if (row.evidence && !isSubset(report.diagnoses[0]?.evidence, row.evidence)) return 'evidence differs';
  const forbidden = (row.never ?? []).filter((code) => codes.includes(code));
  if (forbidden.length) return `names ${forbidden.join(', ')}`;
  if (report.requests > (row.budget ?? 20)) return `${report.requests} requests`;
  const ran = ranOf(report);
  if (RAN[row.name] !== undefined && ran !== RAN[row.name]) return `ran ${ran}, expected ${RAN[row.name]}`;
  const evidence = REPORT_EVIDENCE[row.name];
  if (evidence && !evidence(report.evidence)) return 'report evidence differs';
  return undefined;
}

function isSubset(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return Object.is(actual, expected);
  if (typeof actual !== 'object' || actual === null) return false;
  return Object.entries(expected).every(([key, value]) => isSubset((actual as Record<string, unknown>)[key], value));
}
