import { AuthcanaryError } from '../helpers/errors/authcanary-error';
import { SecretError } from '../helpers/secret/errors';
import { safeMessage } from '../helpers/env/safe-message';

/**
 * Prints an error for the terminal and returns the exit code. Errors raised on purpose (by class, not by shape) print
 * their code, message and hint; never a stack, never a value. Anything else is unexpected: exit 1.
 */
export function reportError(error: unknown, write: (line: string) => void = (line) => console.error(line)): number {
  if (error instanceof AuthcanaryError || error instanceof SecretError) {
    // Coded findings (an unreachable target) already start with `[CODE] (kind)`: print the code once.
    const message = error.message.replace(/^\[AC_[A-Z0-9_]+\] \((?:auth|infra|inconclusive|config)\) /, '');
    write(`authcanary: ${error.code}: ${safeMessage(message)}`);
    write(`hint: ${safeMessage(error.hint)}`);
    return error.exitCode;
  }
  // A library's message may quote its input (zod's "Received '…'"): scrubbed here, at the sink.
  write(`authcanary: unexpected error: ${safeMessage(error instanceof Error ? error.message : String(error))}`);
  return 1;
}
