import { createHmac } from 'node:crypto';
import { CompactSign, type CryptoKey } from 'jose';

/**
 * Signs an arbitrary protected header and payload, bypassing the checks a careful library applies when it builds
 * tokens: how the forged-key negative cases (embedded jwk, jku, path-like kid, HMAC with a public key) are made.
 * HMAC goes through node:crypto because jose rightly refuses an empty key or a public key as an HMAC secret.
 */
export type CompactSigner =
  | { readonly hmac: Uint8Array | string; readonly alg: 'HS256' | 'HS384' | 'HS512' }
  | { readonly key: CryptoKey; readonly alg: string };

const HMAC_HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

export async function signCompact(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signer: CompactSigner,
): Promise<string> {
  const body = new TextEncoder().encode(JSON.stringify(payload));
  if ('hmac' in signer) {
    const input = `${b64url(JSON.stringify({ ...header, alg: signer.alg }))}.${Buffer.from(body).toString('base64url')}`;
    const signature = createHmac(HMAC_HASH[signer.alg], signer.hmac).update(input).digest('base64url');
    return `${input}.${signature}`;
  }
  return new CompactSign(body).setProtectedHeader({ ...header, alg: signer.alg }).sign(signer.key);
}

export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

export function headerOf(token: string): Record<string, unknown> {
  return parseJson(token.split('.')[0]);
}

export function payloadOf(token: string): Record<string, unknown> {
  return parseJson(token.split('.')[1]);
}

function parseJson(segment: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
