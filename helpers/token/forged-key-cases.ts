import { createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { NegativeCase } from './negative-cases';
import { b64url, headerOf, payloadOf, signCompact } from './sign-compact';

/**
 * Negative cases for asymmetric tokens (RFC 8725 §2–3, jwt_tool's modes), built from a valid token alone: they need
 * no private key the target trusts, so they run in no-mint mode too. A correct verifier refuses every one.
 * `publicJwk` is the key that verified the valid token (from the issuer's JWKS, or derived from the harness's key).
 */
export const FORGED_KEY_CASE_IDS = [
  'rs-hs-key-confusion',
  'embedded-jwk-rsa',
  'embedded-jwk-ec',
  'unknown-kid',
  'path-kid',
  'other-key-same-kid',
  'psychic-signature',
  'jku-elsewhere',
  'x5u-elsewhere',
] as const;

/** Where `jku` / `x5u` point: a reserved name that never resolves (RFC 6761), so a fetch can only fail. */
export const INERT_URL = 'https://authcanary-attacker.invalid/.well-known/jwks.json';

export function forgedKeyCases(alg: string, publicJwk?: () => Promise<JWK | undefined>): NegativeCase[] {
  const family = alg.startsWith('ES') ? 'EC' : alg.startsWith('RS') || alg.startsWith('PS') ? 'RSA' : undefined;
  if (family === undefined) return [];
  const attacker = lazy(async () => generateKeyPair(alg, { extractable: true }));
  const attackerJwk = lazy(async () => ({ ...(await exportJWK((await attacker()).publicKey)), alg, use: 'sig' }));
  const forged = (extra: Record<string, unknown>) => async (valid: string) => {
    const header = { ...headerOf(valid), ...extra };
    return signCompact(header, payloadOf(valid), { key: (await attacker()).privateKey, alg });
  };
  const cases: NegativeCase[] = [];
  if (publicJwk)
    cases.push({
      id: 'rs-hs-key-confusion',
      title: "HS256 signed with the issuer's public key as HMAC secret (RS→HS key confusion)",
      build: async ({ valid }) => {
        const jwk = await publicJwk();
        if (!jwk) throw new Error('no public key to build the key-confusion token from');
        const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
          .export({ type: 'spki', format: 'pem' })
          .toString();
        return signCompact({ ...headerOf(valid), typ: 'JWT' }, payloadOf(valid), { hmac: pem, alg: 'HS256' });
      },
    });
  cases.push(
    {
      id: 'unknown-kid',
      title: 'signed by an unknown key, with a kid the issuer never published',
      build: async ({ valid }) => forged({ kid: `authcanary-unknown-${randomUUID()}` })(valid),
    },
    {
      id: 'path-kid',
      title: 'path-like kid (../../dev/null) with an empty HMAC key',
      build: async ({ valid }) =>
        signCompact({ typ: 'JWT', kid: '../../../../../../dev/null' }, payloadOf(valid), { hmac: '', alg: 'HS256' }),
    },
    {
      id: 'other-key-same-kid',
      title: "signed by another key under the issuer's kid",
      build: async ({ valid }) => forged({})(valid),
    },
    {
      id: 'jku-elsewhere',
      title: `jku pointing at ${new URL(INERT_URL).host} (an attacker's key set)`,
      build: async ({ valid }) => forged({ jku: INERT_URL, kid: (await attackerJwk()).kid ?? 'attacker' })(valid),
    },
    {
      id: 'x5u-elsewhere',
      title: `x5u pointing at ${new URL(INERT_URL).host}`,
      build: async ({ valid }) => forged({ x5u: INERT_URL.replace('jwks.json', 'cert.pem') })(valid),
    },
  );
  if (family === 'RSA')
    cases.push({
      id: 'embedded-jwk-rsa',
      title: 'signed by an attacker RSA key embedded in the header (jwk)',
      build: async ({ valid }) => forged({ jwk: await attackerJwk() })(valid),
    });
  if (family === 'EC') {
    cases.push(
      {
        id: 'embedded-jwk-ec',
        title: 'signed by an attacker EC key embedded in the header (jwk)',
        build: async ({ valid }) => forged({ jwk: await attackerJwk() })(valid),
      },
      {
        id: 'psychic-signature',
        title: 'ECDSA signature r=s=0 (CVE-2022-21449, "psychic signatures")',
        build: async ({ valid }) => {
          const [header, payload] = valid.split('.');
          const size = alg === 'ES384' ? 96 : alg === 'ES512' ? 132 : 64;
          return `${header}.${payload}.${Buffer.alloc(size).toString('base64url')}`;
        },
      },
    );
  }
  return cases;
}

/** A token-shaped value for cases that need no valid token (no credentials, garbage, alg none) when none was issued. */
export function placeholderToken(alg: string, claims: Record<string, unknown>, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  return `${b64url({ alg, typ: 'JWT' })}.${b64url({ ...claims, iat: now, exp: now + 300 })}.${b64url('no-signature')}`;
}

function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
