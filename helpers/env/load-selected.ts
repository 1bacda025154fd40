import { selectEnvName } from './env-name';
import { loadTargetConfig, type LoadedTarget } from './load-env';
import { ENV_DIR } from './paths';

/**
 * Loads the environment a run selected (AUTH_ENV, default local) from the project's env/ folder.
 * `deferred` names may be unset yet (the embedded target's port before it has started).
 */
export function loadSelectedTarget(
  variables: Readonly<Record<string, string | undefined>>,
  options: { envName?: string | undefined; deferred?: readonly string[] } = {},
): LoadedTarget {
  const envName = selectEnvName(options.envName, variables);
  return loadTargetConfig({
    envName,
    envDir: variables[ENV_DIR_VARIABLE] ?? ENV_DIR,
    processVariables: variables,
    ...(options.deferred ? { deferred: options.deferred } : {}),
  });
}

/** Another folder of env files than the project's env/ (the interop tests keep theirs next to their stacks). */
export const ENV_DIR_VARIABLE = 'AUTHCANARY_ENV_DIR';

/** The variable the embedded reference target's port arrives in (Playwright webServer exports it). */
export const REFERENCE_PORT_VARIABLE = 'REFERENCE_PORT';
