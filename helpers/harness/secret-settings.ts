import { z } from 'zod';
import { targetSchema } from '../env/schema';
import type { SecretSettings } from '../token/harness-key';

const secretKeys = z.object({
  JWT_ALG: targetSchema.shape.JWT_ALG,
  SECRET_CHAIN: targetSchema.shape.SECRET_CHAIN,
  SECRET_ENV_NAME: targetSchema.shape.SECRET_ENV_NAME,
  SECRET_ENCODING: targetSchema.shape.SECRET_ENCODING,
  SECRET_JSON_FIELD: targetSchema.shape.SECRET_JSON_FIELD,
  SIGNING_KEY_CHAIN: targetSchema.shape.SIGNING_KEY_CHAIN,
});

/**
 * Where the key material is, read from an env whose other keys may be invalid: so that an unresolved secret chain
 * is reported together with the env's other problems. Undefined when these keys are themselves invalid (the env's
 * report names them).
 */
export function secretSettingsFrom(
  envName: string,
  variables: Readonly<Record<string, string | undefined>>,
): SecretSettings | undefined {
  const parsed = secretKeys.safeParse(variables);
  if (!parsed.success) return undefined;
  const env = parsed.data;
  return {
    jwt: { alg: env.JWT_ALG },
    secret: {
      chain: env.SECRET_CHAIN,
      envName: env.SECRET_ENV_NAME ?? envName,
      encoding: env.SECRET_ENCODING,
      jsonField: env.SECRET_JSON_FIELD,
      signingKeyChain: env.SIGNING_KEY_CHAIN,
    },
  };
}
