import { createHmac, randomBytes } from 'node:crypto';
import type { TargetConfig } from '../env/target-config';
import type { MintOptions } from './mint-token';
import { hmacKey, isHmacAlg, type SigningKey } from './signing-key';
import { Secret } from '../secret/secret';
import { signCompactHmac } from './sign-compact-hmac';
import type { JWK } from 'jose';
import { FORGED_KEY_CASE_IDS, forgedKeyCases } from './forged-key-cases';

/** A token a correct backend must refuse (RFC 8725, jwt_tool's modes): 401 unless `refusals` says otherwise. */
export interface NegativeCase {
  readonly id: string;
  readonly title: string;
  /** Statuses that count as a correct refusal (default [401]); e.g. an oversized token may get 400, 413 or 431. */
  readonly refusals?: readonly number[];
  /** Where the token goes (default: Authorization header). */
  readonly delivery?: 'header' | 'query';
  /**
   * False for cases whose verdict needs no valid token (no credentials, garbage, malformed, alg none): they run
   * even when the valid control is refused. Default true.
   */
  readonly needsControl?: boolean;
  /** Built by minting with the harness's key: not available in no-mint mode. */
  readonly mints?: boolean;
  /** Builds the token from a valid one and a minting function; undefined = send no credentials. */
  readonly build: (tools: {
    valid: string;
    mint: (overrides?: Partial<MintOptions>) => Promise<string>;
    /** A token the target's own provider issues for another resource (OAUTH_OTHER_RESOURCE). */
    issueFor?: (resource: string) => Promise<string | undefined>;
  }) => Promise<string | undefined>;
}

/**
 * Standing must-refuse cases: a token with the valid one's claims, signed with a well-known or fallback secret. Any 2xx
 * means the backend holds that key beside (or instead of) the real one, even when every control passes. The empty key
 * is signed with node:crypto (WebCrypto refuses a zero-length HMAC key; node:crypto-based verifiers accept it).
 */
export const WEAK_SECRET_CASES = ['fallback_secret', 'secret', 'your-256-bit-secret', ''] as const;

export function isWeakSecretCase(id: string): boolean {
  return id.startsWith('weak-secret-');
}

function signWithRawSecret(alg: string, payload: Record<string, unknown>, secret: string): string {
  const input = `${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${input}.${createHmac(hash, Buffer.from(secret, 'utf8')).update(input).digest('base64url')}`;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Every segment of the issued token in the standard alphabet with padding (+ / =). A signature of an RSA or EC key
 * always needs padding, so the token always differs from the issued one even when the payload reads the same.
 */
function standardBase64Segments(valid: string): string {
  const standard = valid
    .split('.')
    .map((segment) => Buffer.from(segment, 'base64url').toString('base64'))
    .join('.');
  if (standard === valid) throw new Error('the issued token reads the same in both alphabets');
  return standard;
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Every case id, known before any env is loaded (so each can be its own test); some apply only with some config. */
export const NEGATIVE_CASE_IDS = [
  'no-credentials',
  'malformed-two-segments',
  'garbage',
  'alg-none',
  'alg-None',
  'alg-NONE',
  'stripped-signature',
  'tampered-payload',
  'expired',
  'not-yet-valid',
  'no-exp',
  'wrong-secret',
  'wrong-audience',
  'wrong-issuer',
  'base64-segments',
  'unknown-crit',
  'embedded-jwk',
  'token-in-query',
  'oversized',
  ...FORGED_KEY_CASE_IDS,
  'other-audience-token',
  ...WEAK_SECRET_CASES.map((name) => `weak-secret-${name || 'empty'}` as const),
] as const;

export interface NegativeCaseOptions {
  /** The public key that verifies valid tokens (the issuer's published key, or the harness key's public half). */
  readonly publicJwk?: () => Promise<JWK | undefined>;
}

export async function negativeCases(
  config: TargetConfig,
  key: SigningKey,
  options: NegativeCaseOptions = {},
): Promise<NegativeCase[]> {
  const all = await everyCase(config, key, options);
  return config.jwt.mint === 'none' ? all.filter((item) => !item.mints) : all;
}

async function everyCase(config: TargetConfig, key: SigningKey, options: NegativeCaseOptions): Promise<NegativeCase[]> {
  const leeway = config.jwt.leewayMs;
  const strangerBytes = randomBytes(32);
  const strangerKey: SigningKey = isHmacAlg(key.alg)
    ? await hmacKey(new Secret(strangerBytes, 'random key'), key.alg)
    : key;
  const cases: NegativeCase[] = [
    { id: 'no-credentials', title: 'no credentials', needsControl: false, build: async () => undefined },
    {
      id: 'malformed-two-segments',
      title: 'malformed token (two segments)',
      needsControl: false,
      build: async ({ valid }) => valid.split('.').slice(0, 2).join('.'),
    },
    { id: 'garbage', title: 'garbage instead of a token', needsControl: false, build: async () => 'not-a-jwt' },
    ...['none', 'None', 'NONE'].map((alg): NegativeCase => ({
      id: `alg-${alg}`,
      title: `alg: ${alg} (unsigned)`,
      needsControl: false,
      build: async ({ valid }) => `${b64url({ alg, typ: 'JWT' })}.${valid.split('.')[1]}.`,
    })),
    {
      id: 'stripped-signature',
      title: 'signature stripped',
      needsControl: false,
      build: async ({ valid }) => `${valid.split('.').slice(0, 2).join('.')}.`,
    },
    {
      id: 'tampered-payload',
      title: 'payload tampered, old signature kept',
      build: async ({ valid }) => {
        const [header, , signature] = valid.split('.');
        return `${header}.${b64url({ ...payloadOf(valid), sub: 'someone-else', role: 'admin' })}.${signature}`;
      },
    },
    {
      id: 'expired',
      title: 'expired beyond the leeway',
      mints: true,
      build: async ({ mint }) => mint({ issuedAtOffsetMs: -(config.jwt.ttlMs + leeway + 120_000) }),
    },
    {
      id: 'not-yet-valid',
      title: 'nbf in the future beyond the leeway',
      mints: true,
      build: async ({ mint }) => mint({ notBeforeOffsetMs: leeway + 120_000 }),
    },
    { id: 'no-exp', title: 'exp missing', mints: true, build: async ({ mint }) => mint({ omitExpiry: true }) },
  ];
  cases.push(
    {
      id: 'base64-segments',
      title: 'standard base64 alphabet (+ /) instead of base64url in the payload segment',
      build: async ({ mint, valid }) => {
        // No-mint mode: the issued token re-encoded in standard base64 (its signing input no longer matches).
        if (config.jwt.mint === 'none') return standardBase64Segments(valid);
        // Grow a filler claim until the payload's base64url form holds '-' or '_', then swap in '+' and '/'.
        for (let length = 0; length < 64; length++) {
          const token = await mint({ claims: { ...config.jwt.claims, ac_fill: '?'.repeat(length) } });
          const [header, payload, signature] = token.split('.') as [string, string, string];
          if (/[-_]/.test(payload)) return `${header}.${payload.replace(/-/g, '+').replace(/_/g, '/')}.${signature}`;
        }
        throw new Error('could not produce a payload with - or _ in 64 tries');
      },
    },
    {
      id: 'token-in-query',
      title: 'a valid token in the query string only (RFC 6750 §2.3 discourages it; leaks to logs)',
      delivery: 'query',
      refusals: [400, 401],
      build: async ({ valid }) => valid,
    },
    {
      id: 'oversized',
      title: 'an oversized token (64 KiB claim): refused, never 5xx',
      refusals: [400, 401, 413, 431],
      build: async ({ mint, valid }) =>
        config.jwt.mint === 'none'
          ? `${valid.split('.')[0]}.${b64url({ ...payloadOf(valid), pad: 'x'.repeat(64 * 1024) })}.${valid.split('.')[2]}`
          : mint({ claims: { ...config.jwt.claims, pad: 'x'.repeat(64 * 1024) } }),
    },
  );
  if (isHmacAlg(key.alg)) {
    cases.push(
      {
        id: 'wrong-secret',
        title: 'signed with another secret',
        mints: true,
        build: async ({ mint }) => mint({ key: strangerKey }),
      },
      {
        id: 'unknown-crit',
        title: 'validly signed, with an unknown critical header extension (RFC 7515 §4.1.11)',
        mints: true,
        build: async ({ valid }) =>
          signCompactHmac(
            { alg: key.alg, typ: 'JWT', crit: ['x-authcanary'], 'x-authcanary': true },
            payloadOf(valid),
            key,
          ),
      },
      ...WEAK_SECRET_CASES.map((weak): NegativeCase => ({
        id: `weak-secret-${weak || 'empty'}`,
        title: `signed with the well-known secret ${weak === '' ? '(empty)' : `"${weak}"`}`,
        build: async ({ valid }) => signWithRawSecret(key.alg, payloadOf(valid), weak),
      })),
      {
        id: 'embedded-jwk',
        title: 'signed with an attacker key embedded in the header (jwk)',
        mints: true,
        build: async ({ mint }) =>
          mint({ key: strangerKey, header: { jwk: { kty: 'oct', k: strangerBytes.toString('base64url') } } }),
      },
    );
  }
  if (!isHmacAlg(key.alg)) cases.push(...forgedKeyCases(config.jwt.alg, options.publicJwk));
  // Another API of the provider (OAUTH_OTHER_RESOURCE), or another app client of the Cognito pool.
  const otherResource = config.oauth?.otherResource ?? config.cognito?.otherAppClientId;
  if (otherResource !== undefined)
    cases.push({
      id: 'other-audience-token',
      title: `a valid token the provider issued for another ${config.cognito?.otherAppClientId === otherResource ? 'app client' : 'API'} (${otherResource})`,
      build: async ({ issueFor }) => {
        const token = issueFor ? await issueFor(otherResource) : undefined;
        if (!token) throw new Error(`the provider issued no token for resource ${otherResource}`);
        return token;
      },
    });
  if (config.jwt.audience !== undefined)
    cases.push({
      id: 'wrong-audience',
      title: 'wrong audience',
      mints: true,
      build: async ({ mint }) => mint({ audience: `${config.jwt.audience}.not-this-one` }),
    });
  if (config.jwt.issuer !== undefined)
    cases.push({
      id: 'wrong-issuer',
      title: 'wrong issuer',
      mints: true,
      build: async ({ mint }) => mint({ issuer: `${config.jwt.issuer}/not-this-one` }),
    });
  return cases;
}
