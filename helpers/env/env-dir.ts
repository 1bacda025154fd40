import { resolve } from 'node:path';
import { ENV_DIR } from './paths';

/** Names another folder of env files (e.g. in the team's own repository) instead of the project's env/. */
export const ENV_DIR_VARIABLE = 'AUTHCANARY_ENV_DIR';

export function envDirFrom(variables: Readonly<Record<string, string | undefined>>): string {
  const chosen = variables[ENV_DIR_VARIABLE];
  return chosen ? resolve(chosen) : ENV_DIR;
}
