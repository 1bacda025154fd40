/**
 * The resolver is a standalone module (a Node backend may import it as is), so it has its own error class.
 * It is shaped like the harness's errors: a stable code, a hint, an exit code.
 */
export type SecretErrorCode = 'ERR_SECRET_UNRESOLVED' | 'ERR_SECRET_INVALID' | 'ERR_SECRET_CHAIN';

export class SecretError extends Error {
  readonly code: SecretErrorCode;
  readonly hint: string;
  readonly exitCode = 2 as const;
  constructor(code: SecretErrorCode, message: string, hint: string) {
    super(message);
    this.name = 'SecretError';
    this.code = code;
    this.hint = hint;
  }
}
