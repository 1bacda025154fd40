/**
 * Every error the harness raises on purpose carries a stable code, a hint that says what to do,
 * and the process exit code the CLI should use. Messages never contain secret values.
 */
/** 1 an auth finding or an unexpected failure, 2 config/usage, 3 infrastructure (the target could not be tested). */
export type ExitCode = 1 | 2 | 3;

export class AuthcanaryError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options: { hint: string; exitCode?: ExitCode; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthcanaryError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad input from the user: env file, CLI arguments. Exit code 2. */
export class ConfigError extends AuthcanaryError {
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, issues: readonly ConfigIssue[], hint: string) {
    super('ERR_CONFIG', message, { hint, exitCode: 2 });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export interface ConfigIssue {
  /** The file the key was read from, or where it was expected. */
  readonly file: string;
  readonly key: string;
  /** What is wrong, never containing the value. */
  readonly message: string;
}

export class UsageError extends AuthcanaryError {
  constructor(message: string, hint: string) {
    super('ERR_USAGE', message, { hint, exitCode: 2 });
    this.name = 'UsageError';
  }
}
