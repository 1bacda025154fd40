import { tokenFromBrowser } from '../helpers/auth/browser-token';
import { COMMAND_TOKEN_VARIABLE, runTokenCommand } from '../helpers/auth/token-command';
import type { TargetConfig } from '../helpers/env/target-config';

/**
 * Runs TOKEN_COMMAND (or the app page login in Chromium, TOKEN_BROWSER_*) once, before anything else, so a failure
 * stops the run with exit 2 (ERR_TOKEN_COMMAND / ERR_TOKEN_BROWSER) and the suites' workers reuse the token (passed
 * in COMMAND_TOKEN_VARIABLE) instead of acquiring it again. Returns the variables to run with (unchanged when the env
 * declares neither).
 */
export async function withCommandToken(
  config: TargetConfig,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<Readonly<Record<string, string | undefined>>> {
  const source = config.tokenSource;
  if ((source?.kind !== 'command' && source?.kind !== 'browser') || source.acquired) return variables;
  // The embedded reference target starts with the suites: its app page is not there yet; workers log in lazily.
  if (source.kind === 'browser' && config.target.reference === 'embedded') return variables;
  const token =
    source.kind === 'command'
      ? await runTokenCommand(source.command, { timeoutMs: source.timeoutMs, env: variables })
      : await tokenFromBrowser(source, config.users.user, { chromiumPath: variables['AUTHCANARY_CHROMIUM'] });
  console.error(
    `token: from ${source.kind === 'command' ? 'TOKEN_COMMAND' : 'the app page login'} (${token.source}) ${token.fingerprint}`,
  );
  return { ...variables, [COMMAND_TOKEN_VARIABLE]: new TextDecoder().decode(token.reveal()) };
}
