import { AuthcanaryError } from '../helpers/errors/authcanary-error';
import { SecretError } from '../helpers/secret/errors';

/**
 * Prints an error for the terminal and returns the exit code. Errors raised on purpose (by class, not by shape) print
 * their code, message and hint; never a stack, never a value. Anything else is unexpected: exit 1.
 */
export function reportError(error: unknown, write: (line: string) => void = (line) => console.error(line)): number {
  if (error instanceof AuthcanaryError || error instanceof SecretError) {
    // Coded findings (an unreachable target) already start with `[CODE] (kind)`: print the code once.
    const message = error.message.replace(/^\[AC_[A-Z0-9_]+\] \((?:auth|infra|inconclusive|config)\) /, '');
    write(`authcanary: ${error.code}: ${message}`);
    write(`hint: ${error.hint}`);
    return error.exitCode;
  }
  write(`authcanary: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
