/**
 * The only module that reads the process environment. Everything else receives variables as an argument,
 * so the environment is read in one place and tests can pass their own.
 */
export function processEnv(): Readonly<Record<string, string | undefined>> {
  return Object.freeze({ ...process.env });
}
