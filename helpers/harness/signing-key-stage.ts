import { ConfigError } from '../errors/authcanary-error';
import type { TargetConfig } from '../env/target-config';
import type { SecretResolution } from '../secret/resolve-secret';
import { harnessSigningKey } from '../token/harness-key';
import { isHmacAlg, type SigningKey } from '../token/signing-key';

/** Imports the resolved key material once (the error never carries the key or the importer's message); key material the algorithm cannot use is a configuration error (exit 2). */
export async function importSigningKey(config: TargetConfig, secrets: SecretResolution): Promise<SigningKey> {
  try {
    return await harnessSigningKey(config, secrets);
  } catch {
    const key = isHmacAlg(config.jwt.alg) ? 'SECRET_CHAIN' : 'SIGNING_KEY_CHAIN';
    throw new ConfigError(
      `${secrets.source} (${secrets.fingerprint}) is not a usable ${config.jwt.alg} key`,
      [
        {
          file: config.files.join(', '),
          key,
          message: isHmacAlg(config.jwt.alg)
            ? 'the HMAC key cannot be imported'
            : 'expected a PKCS#8 PEM or a private JWK',
        },
      ],
      isHmacAlg(config.jwt.alg)
        ? 'set a non-empty secret in one of the chain names'
        : `put the private key for ${config.jwt.alg} (PKCS#8 PEM or JWK) in the first name of SIGNING_KEY_CHAIN`,
    );
  }
}
