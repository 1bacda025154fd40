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
    envDir: ENV_DIR,
    processVariables: variables,
    ...(options.deferred ? { deferred: options.deferred } : {}),
  });
}

/** The variable the embedded reference target's port arrives in (Playwright webServer exports it). */
export const REFERENCE_PORT_VARIABLE = 'REFERENCE_PORT';
