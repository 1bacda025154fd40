import { randomBytes } from 'node:crypto';
import { exportPKCS8, generateKeyPair } from 'jose';
import type { TargetConfig } from '../env/target-config';
import { DEFAULT_SECRET_CHAIN } from '../secret/chain';
import { resolveSecret, type SecretResolution } from '../secret/resolve-secret';
import { Secret } from '../secret/secret';
import { asymmetricKey, hmacKey, isHmacAlg, type SigningKey } from './signing-key';

/** The source named in reports when the harness holds no signing key (no-mint mode). */
export const NO_MINT_SOURCE = 'none (no-mint mode: the issuer signs)';

/** What resolving the key needs from an env: the algorithm, the mint mode and where the key material is. */
export type SecretSettings = {
  readonly jwt: Pick<TargetConfig['jwt'], 'alg' | 'mint'>;
  readonly secret: TargetConfig['secret'];
};

/**
 * Resolves the harness's key material through the env's declared chain, as the backends do: the HMAC secret
 * (SECRET_CHAIN) for HS*, the private key (SIGNING_KEY_CHAIN, PEM or JWK) for RS*, ES*, PS* and EdDSA.
 * An asymmetric algorithm without SIGNING_KEY_CHAIN resolves to nothing the target trusts: a random
 * placeholder that is never sent as a key (no-mint mode).
 */
export function resolveHarnessSecret(
  config: SecretSettings,
  variables: Readonly<Record<string, string | undefined>>,
): SecretResolution {
  if (config.jwt.mint === 'none') {
    const placeholder = new Secret(randomBytes(32), NO_MINT_SOURCE);
    return {
      secret: placeholder,
      source: NO_MINT_SOURCE,
      fingerprint: 'none',
      warnings: [],
      entries: [],
      candidates: [],
      stored: placeholder,
    };
  }
  if (!isHmacAlg(config.jwt.alg)) {
    return resolveSecret({
      chain: config.secret.signingKeyChain ?? [],
      envName: config.secret.envName,
      variables,
      minBytes: 0,
    });
  }
  return resolveSecret({
    chain: config.secret.chain ?? DEFAULT_SECRET_CHAIN,
    envName: config.secret.envName,
    variables,
    encoding: config.secret.encoding,
    jsonField: config.secret.jsonField,
    minBytes: config.jwt.alg === 'HS512' ? 64 : config.jwt.alg === 'HS384' ? 48 : 32,
  });
}

/**
 * The key the harness signs with, imported once. In no-mint mode: a fresh key pair of the declared algorithm
 * that the target has never seen (what "signed by another key" negative cases need), marked `ephemeral`.
 */
export async function harnessSigningKey(config: TargetConfig, resolution: SecretResolution): Promise<SigningKey> {
  const alg = config.jwt.alg;
  if (config.jwt.mint === 'none') {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    const pem = new Secret(new TextEncoder().encode(await exportPKCS8(privateKey)), 'ephemeral key (no-mint mode)');
    return { ...(await asymmetricKey(pem, alg)), ephemeral: true };
  }
  return isHmacAlg(alg) ? hmacKey(resolution.secret, alg) : asymmetricKey(resolution.secret, alg);
}
