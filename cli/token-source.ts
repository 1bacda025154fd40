import { COMMAND_TOKEN_VARIABLE, runTokenCommand } from '../helpers/auth/token-command';
import type { TargetConfig } from '../helpers/env/target-config';

/**
 * Runs TOKEN_COMMAND once, before anything else, so a failing command stops the run with exit 2
 * (ERR_TOKEN_COMMAND) and the suites' workers reuse its token (passed in COMMAND_TOKEN_VARIABLE) instead of
 * running it again. Returns the variables to run with (unchanged when the env declares no command).
 */
export async function withCommandToken(
  config: TargetConfig,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<Readonly<Record<string, string | undefined>>> {
  const source = config.tokenSource;
  if (source?.kind !== 'command' || source.acquired) return variables;
  const token = await runTokenCommand(source.command, { timeoutMs: source.timeoutMs, env: variables });
  console.error(`token: from TOKEN_COMMAND (${token.source}) ${token.fingerprint}`);
  return { ...variables, [COMMAND_TOKEN_VARIABLE]: new TextDecoder().decode(token.reveal()) };
}
