import { ConfigError } from '../errors/authcanary-error';

export const DEFAULT_ENV_NAME = 'local';

/** `--env NAME` wins over `AUTH_ENV`, which wins over the default. Names are file names: letters, digits, - and _. */
export function selectEnvName(
  flag: string | undefined,
  variables: Readonly<Record<string, string | undefined>>,
): string {
  const name = flag ?? variables['AUTH_ENV'] ?? DEFAULT_ENV_NAME;
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) {
    throw new ConfigError(
      `invalid environment name`,
      [
        {
          file: flag ? '--env' : 'AUTH_ENV',
          key: flag ? '--env' : 'AUTH_ENV',
          message: 'expected letters, digits, - and _ (the name of a file env/<name>.env)',
        },
      ],
      'pass --env local, --env staging, … (one of the files in env/)',
    );
  }
  return name;
}
