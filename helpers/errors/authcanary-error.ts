import type { SecretErrorCode } from '../secret/errors';

/**
 * The one error module (models: jose's util/errors.ts, undici's core/errors.js). Every error raised on purpose
 * carries a stable code, a message that names files, keys and names but never a value, a hint that says what to do,
 * and the process exit code the CLI uses. The CLI tells them apart with `instanceof`.
 *
 * The secret resolver (helpers/secret/) stays standalone, so its SecretError lives there; its codes are part of
 * this union. TargetUnreachableError (helpers/http/errors.ts) extends AuthcanaryError with an AC_INFRA_… code.
 */
export type ErrorCode =
  | 'ERR_CONFIG'
  | 'ERR_USAGE'
  | 'ERR_WS_USAGE'
  | 'ERR_BROWSER_NOT_FOUND'
  | 'ERR_TOKEN_COMMAND'
  | 'ERR_TOKEN_BROWSER'
  | `AC_INFRA_${string}`
  | SecretErrorCode;

/** 1 an auth finding or an unexpected failure, 2 config/usage, 3 infrastructure (the target could not be tested). */
export type ExitCode = 1 | 2 | 3;

export class AuthcanaryError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode, message: string, options: { hint: string; exitCode?: ExitCode; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthcanaryError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

export interface ConfigIssue {
  /** The file the key was read from, or where it was expected. */
  readonly file: string;
  readonly key: string;
  /** What is wrong, never containing the value. */
  readonly message: string;
}

/** Bad input in the env (files or process environment): every problem at once, file and key named. Exit code 2. */
export class ConfigError extends AuthcanaryError {
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, issues: readonly ConfigIssue[], hint: string) {
    super('ERR_CONFIG', message, { hint, exitCode: 2 });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Bad command-line arguments. Exit code 2. */
export class UsageError extends AuthcanaryError {
  constructor(message: string, hint: string) {
    super('ERR_USAGE', message, { hint, exitCode: 2 });
    this.name = 'UsageError';
  }
}

/** The ws client was used wrongly (e.g. a mode that needs a token without one). Never carries a token. */
export class WsUsageError extends AuthcanaryError {
  constructor(message: string) {
    super('ERR_WS_USAGE', message, { hint: 'check the WebSocket connect options' });
    this.name = 'WsUsageError';
  }
}

/** No Chromium found where authcanary looks: a setup problem, exit code 2. */
export class BrowserNotFoundError extends AuthcanaryError {
  readonly tried: readonly string[];
  constructor(tried: readonly string[]) {
    super('ERR_BROWSER_NOT_FOUND', `no Chromium found (tried: ${tried.join(', ')})`, {
      hint: 'on Debian/Ubuntu: apt-get install chromium; elsewhere: npx playwright install chromium; or set AUTHCANARY_CHROMIUM to a Chromium/Chrome executable',
      exitCode: 2,
    });
    this.name = 'BrowserNotFoundError';
    this.tried = tried;
  }
}

/** TOKEN_COMMAND failed (exit code, timeout, not found, not one line of stdout): exit code 2; stderr never quoted. */
export class TokenCommandError extends AuthcanaryError {
  constructor(message: string, hint: string) {
    super('ERR_TOKEN_COMMAND', message, { hint, exitCode: 2 });
    this.name = 'TokenCommandError';
  }
}

/** The app page login in Chromium (TOKEN_BROWSER_*) gave no token: exit code 2. */
export class BrowserTokenError extends AuthcanaryError {
  constructor(message: string) {
    super('ERR_TOKEN_BROWSER', message, {
      hint: 'check APP_URL and the APP_*_SELECTOR keys against the login page, and TOKEN_BROWSER_COOKIE / TOKEN_BROWSER_STORAGE against where the app keeps the token (browser devtools → Application)',
      exitCode: 2,
    });
    this.name = 'BrowserTokenError';
  }
}
