import { loadSelectedTarget, REFERENCE_PORT_VARIABLE } from '../helpers/env/load-selected';
import type { LoadedTarget } from '../helpers/env/load-env';
import { SecretError } from '../helpers/secret/errors';
import type { SecretResolution } from '../helpers/secret/resolve-secret';
import { resolveHarnessSecret } from '../helpers/token/harness-key';

export interface Preflight {
  readonly loaded: LoadedTarget;
  readonly resolution: SecretResolution;
}

/**
 * Everything that can be wrong before a test runs: the env file (every key) and the secret chain.
 * Throws ConfigError / SecretError (exit 2). Nothing is written.
 */
export function preflight(
  variables: Readonly<Record<string, string | undefined>>,
  envName: string | undefined,
  options: { deferPort?: boolean } = {},
): Preflight {
  const loaded = loadSelectedTarget(variables, {
    envName,
    ...(options.deferPort ? { deferred: [REFERENCE_PORT_VARIABLE] } : {}),
  });
  try {
    return { loaded, resolution: resolveHarnessSecret(loaded.config, loaded.variables) };
  } catch (error) {
    if (error instanceof SecretError)
      throw new SecretError(
        error.code,
        `env ${loaded.config.envName} (${loaded.config.files.join(', ')}): ${error.message}`,
        error.hint,
      );
    throw error;
  }
}
