import { resolve } from 'node:path';
import { selectEnvName } from './env-name';
import { loadTargetConfig, type LoadedTarget } from './load-env';
import { ENV_DIR } from './paths';

/** Names another folder of env files (e.g. in the team's own repository) instead of the project's env/. */
export const ENV_DIR_VARIABLE = 'AUTHCANARY_ENV_DIR';

/**
 * Loads the environment a run selected (AUTH_ENV, default local) from the project's env/ folder, or from the
 * folder AUTHCANARY_ENV_DIR names.
 * `deferred` names may be unset yet (the embedded target's port before it has started).
 */
export function loadSelectedTarget(
  variables: Readonly<Record<string, string | undefined>>,
  options: { envName?: string | undefined; deferred?: readonly string[] } = {},
): LoadedTarget {
  const envName = selectEnvName(options.envName, variables);
  return loadTargetConfig({
    envName,
    envDir: variables[ENV_DIR_VARIABLE] ? resolve(variables[ENV_DIR_VARIABLE]) : ENV_DIR,
    processVariables: variables,
    ...(options.deferred ? { deferred: options.deferred } : {}),
  });
}

/** The variable the embedded reference target's port arrives in (Playwright webServer exports it). */
export const REFERENCE_PORT_VARIABLE = 'REFERENCE_PORT';
