import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';

/**
 * The target's JWT library: a thin wrapper over jose. `loadJwtLibrary` can be told to "fail to load", which is how the
 * jwt-lib-missing faults break the API the way a missing dependency breaks a deployed function.
 */

export type JwtAlgorithm = 'HS256' | 'RS256';

export interface SigningKey {
  algorithm: JwtAlgorithm;
  key: CryptoKey | KeyObject;
}

export interface VerifyPolicy {
  /** The only algorithm accepted. */
  algorithm: JwtAlgorithm;
  key: CryptoKey | KeyObject;
  issuer: string;
  audience: string;
  leewaySeconds: number;
  now: Date;
}

export type VerifyResult = { ok: true; claims: JWTPayload } | { ok: false; reason: string };

export interface JwtLibrary {
  sign(claims: JWTPayload, key: SigningKey): Promise<string>;
  /** Checks the signature with the allowed algorithm, `iss`, `aud`, `exp`/`nbf` with the leeway; `sub` and `exp` are required. */
  verify(token: string, policy: VerifyPolicy): Promise<VerifyResult>;
}

export class JwtLibraryUnavailable extends Error {
  override readonly name = 'JwtLibraryUnavailable';
}

const jose: JwtLibrary = {
  async sign(claims, { algorithm, key }) {
    return new SignJWT(claims).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).sign(key);
  },
  async verify(token, policy) {
    try {
      const { payload } = await jwtVerify(token, policy.key, {
        algorithms: [policy.algorithm],
        issuer: policy.issuer,
        audience: policy.audience,
        clockTolerance: policy.leewaySeconds,
        currentDate: policy.now,
        requiredClaims: ['sub', 'exp'],
      });
      return { ok: true, claims: payload };
    } catch (error) {
      // jose's messages describe the check that failed and never quote the token: pass them through.
      return { ok: false, reason: error instanceof errors.JOSEError ? error.message : 'malformed token' };
    }
  },
};

export function loadJwtLibrary(options: { simulateMissing: boolean }): JwtLibrary {
  if (options.simulateMissing) throw new JwtLibraryUnavailable("Cannot find module 'jose'");
  return jose;
}

/** Imports an HMAC key once (jose is faster with a CryptoKey than with raw bytes). */
export async function importHmacKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

export async function generateRsaKeyPair(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
}
