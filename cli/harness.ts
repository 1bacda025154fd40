import { REFERENCE_PORT_VARIABLE } from '../helpers/env/reference-port';
import { formatConfigIssues } from '../helpers/env/format-config-error';
import { buildHarness, type Harness } from '../helpers/harness';

/**
 * A command's harness: everything that can be wrong before a request is sent (every env key and the secret chain)
 * is reported at once, as ConfigError / SecretError (exit 2); nothing is written. The embedded target's port is only
 * known once `run` starts it, so it may be unset here. Keys the env sets that authcanary does not read are warned
 * about (on stderr), each with the nearest key it does read.
 */
export async function commandHarness(
  variables: Readonly<Record<string, string | undefined>>,
  envName: string | undefined,
): Promise<Harness> {
  const harness = await buildHarness({ variables, envName, deferred: [REFERENCE_PORT_VARIABLE] });
  const warnings = harness.config.envWarnings ?? [];
  if (warnings.length > 0)
    console.error(`authcanary: warning: keys not read (check their spelling):\n${formatConfigIssues(warnings)}`);
  return harness;
}
