import { UsageError } from '../helpers/errors/authcanary-error';

/**
 * Playwright traces, videos and screenshots record headers, request bodies (the login password), responses with
 * tokens and fill-step arguments in clear, and Playwright has no redaction option (design notes §1). They are off in
 * the config; a pass-through flag that turns them back on is refused before anything runs.
 */
export function refuseRecordingFlags(passthrough: readonly string[]): void {
  for (let index = 0; index < passthrough.length; index++) {
    const arg = passthrough[index] as string;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    if (flag !== '--trace') continue;
    const value = inline ?? passthrough[index + 1];
    if (value === 'off') continue;
    throw new UsageError(
      `--trace ${value ?? ''} is refused: Playwright traces store the test password, tokens and cookies in clear`.trim(),
      'authcanary keeps traces off; the diagnosis, probes.json and exchanges.json attachments are the scrubbed evidence',
    );
  }
}
