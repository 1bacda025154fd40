import type { SigningKey } from './signing-key';

/**
 * Signs an arbitrary header and payload with an HMAC key, bypassing jose's own checks: the way to build tokens
 * that jose rightly refuses to produce (an unknown `crit` extension), to see whether the target refuses them too.
 */
export async function signCompactHmac(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: SigningKey,
): Promise<string> {
  const hash = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' }[key.alg];
  if (!hash || key.key instanceof Uint8Array)
    throw new Error(`signCompactHmac needs an imported HMAC key, got ${key.alg}`);
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = await crypto.subtle.sign('HMAC', key.key as CryptoKey, new TextEncoder().encode(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}
