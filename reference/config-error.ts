/**
 * A configuration problem the target refuses to start with. Messages name variables, never their values.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
