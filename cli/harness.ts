import { REFERENCE_PORT_VARIABLE } from '../helpers/env/reference-port';
import { buildHarness, type Harness } from '../helpers/harness';

/**
 * A command's harness: everything that can be wrong before a request is sent (every env key and the secret chain)
 * is reported at once, as ConfigError / SecretError (exit 2); nothing is written. The embedded target's port is only
 * known once `run` starts it, so it may be unset here.
 */
export function commandHarness(
  variables: Readonly<Record<string, string | undefined>>,
  envName: string | undefined,
): Promise<Harness> {
  return buildHarness({ variables, envName, deferred: [REFERENCE_PORT_VARIABLE] });
}
