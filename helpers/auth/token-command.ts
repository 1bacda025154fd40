import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { TokenCommandError } from '../errors/authcanary-error';
import { Secret } from '../secret/secret';
import { splitCommandLine } from './command-line';

/** The variable a run passes the command's token to its workers in, so the command runs once per run. */
export const COMMAND_TOKEN_VARIABLE = 'AUTHCANARY_COMMAND_TOKEN';

const HINT =
  'run TOKEN_COMMAND by hand: it must print only the access token on stdout and exit 0 (stderr is never shown: it may hold secrets)';

/**
 * Runs TOKEN_COMMAND without a shell (argv split by splitCommandLine), with the given environment, stdin closed and
 * a timeout; its stdout, trimmed, is the token, returned as a Secret. stderr is counted, never printed.
 */
export function runTokenCommand(
  command: string,
  options: { timeoutMs: number; env: Readonly<Record<string, string | undefined>> },
): Promise<Secret> {
  const argv = splitCommandLine(command);
  if (!argv || argv.length === 0)
    return Promise.reject(
      new TokenCommandError('TOKEN_COMMAND is not a command line (empty, or a quote is not closed)', HINT),
    );
  const [file, ...args] = argv as [string, ...string[]];
  const label = basename(file);
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        env: { ...options.env } as NodeJS.ProcessEnv,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        windowsHide: true,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const stderrNote = stderr.length > 0 ? `; it wrote ${stderr.length} bytes to stderr (not shown)` : '';
        if (error) {
          const code = (error as NodeJS.ErrnoException & { killed?: boolean }).code;
          const why =
            code === 'ENOENT'
              ? `${label} was not found`
              : code === 'EACCES'
                ? `${label} is not executable`
                : (error as { killed?: boolean }).killed && error.signal === 'SIGKILL'
                  ? `it did not finish within ${Math.round(options.timeoutMs / 1000)} s (TOKEN_COMMAND_TIMEOUT)`
                  : typeof code === 'number'
                    ? `it exited with code ${code}`
                    : code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
                      ? 'it printed more than 1 MiB'
                      : `it ended with ${error.signal ?? 'an error'}`;
          reject(new TokenCommandError(`TOKEN_COMMAND (${label}) failed: ${why}${stderrNote}`, HINT));
          return;
        }
        const lines = stdout
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean);
        if (lines.length !== 1) {
          reject(
            new TokenCommandError(
              `TOKEN_COMMAND (${label}) printed ${lines.length === 0 ? 'nothing' : `${lines.length} lines`} on stdout; expected the token alone on one line${stderrNote}`,
              HINT,
            ),
          );
          return;
        }
        resolve(new Secret(new TextEncoder().encode(lines[0]), `command:${label}`));
      },
    );
    child.stdin?.end();
  });
}
