import type { TargetConfig } from '../env/target-config';
import { DEFAULT_SECRET_CHAIN } from '../secret/chain';
import { resolveSecret, type SecretResolution } from '../secret/resolve-secret';
import { asymmetricKey, hmacKey, isHmacAlg, type SigningKey } from './signing-key';

/** What resolving the key needs from an env: the algorithm and where the key material is. */
export type SecretSettings = {
  readonly jwt: Pick<TargetConfig['jwt'], 'alg'>;
  readonly secret: TargetConfig['secret'];
};

/**
 * Resolves the harness's key material through the env's declared chain, as the backends do: the HMAC secret
 * (SECRET_CHAIN) for HS*, the private key (SIGNING_KEY_CHAIN, PEM or JWK) for RS*, ES*, PS* and EdDSA.
 */
export function resolveHarnessSecret(
  config: SecretSettings,
  variables: Readonly<Record<string, string | undefined>>,
): SecretResolution {
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

/** The key the harness signs with, imported once. */
export async function harnessSigningKey(config: TargetConfig, resolution: SecretResolution): Promise<SigningKey> {
  const alg = config.jwt.alg;
  return isHmacAlg(alg) ? hmacKey(resolution.secret, alg) : asymmetricKey(resolution.secret, alg);
}
