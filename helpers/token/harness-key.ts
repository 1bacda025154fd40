import type { TargetConfig } from '../env/target-config';
import { resolveSecret } from '../secret/resolve-secret';
import { DEFAULT_SECRET_CHAIN } from '../secret/chain';
import type { SecretResolution } from '../secret/resolve-secret';
import { asymmetricKey, hmacKey, isHmacAlg, type SigningKey } from './signing-key';

/** Resolves the harness's signing secret through the env's declared chain (HS*), as the backends do. */
export function resolveHarnessSecret(config: TargetConfig, variables: Readonly<Record<string, string | undefined>>): SecretResolution {
  return resolveSecret({
    chain: config.secret.chain ?? DEFAULT_SECRET_CHAIN,
    envName: config.secret.envName,
    variables,
    encoding: config.secret.encoding,
    jsonField: config.secret.jsonField,
    minBytes: config.jwt.alg === 'HS512' ? 64 : config.jwt.alg === 'HS384' ? 48 : 32,
  });
}

/** The key the harness signs with: the resolved HMAC secret, or the private key from SIGNING_KEY_CHAIN. */
export async function harnessSigningKey(config: TargetConfig, variables: Readonly<Record<string, string | undefined>>, resolution: SecretResolution): Promise<SigningKey> {
  const alg = config.jwt.alg;
  if (isHmacAlg(alg)) return hmacKey(resolution.secret, alg);
  const privateKey = resolveSecret({ chain: config.secret.signingKeyChain ?? [], envName: config.secret.envName, variables, minBytes: 0 });
  return asymmetricKey(privateKey.secret, alg);
}
