import { spawn } from 'node:child_process';
import { basename } from 'node:path';

export interface BoundedCommandOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** The environment the command sees (a cloud CLI needs its profile and region). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The env key that declared the command, named in every failure. */
  readonly key: string;
}

export type BoundedOutput =
  | {
      readonly ok: true;
      readonly stdout: string;
      /** The command printed more than maxBytes: it was stopped and only the first maxBytes are kept. */
      readonly truncated: boolean;
      readonly label: string;
    }
  | { readonly ok: false; readonly failure: string; readonly label: string };

/**
 * Runs argv without a shell, stdin closed, stdout kept up to `maxBytes` (beyond that the command is killed), a hard
 * timeout. Never rejects and never returns what stderr said: a failure is one sentence naming the key and the
 * program, with an exit code or a byte count, never a value the command printed.
 */
export function runBoundedCommand(argv: readonly string[], options: BoundedCommandOptions): Promise<BoundedOutput> {
  const [file, ...args] = argv;
  const label = file ? basename(file) : '';
  const fail = (why: string): BoundedOutput => ({ ok: false, failure: `${options.key} (${label}) ${why}`, label });
  if (!file) return Promise.resolve(fail('is empty'));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    let stderrBytes = 0;
    let timedOut = false;
    let settled = false;
    const finish = (result: BoundedOutput) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, {
        env: { ...options.env } as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch {
      resolve(fail('could not be started'));
      return;
    }
    // A child that leaves a grandchild holding its pipes never "closes": stop reading and answer now.
    const stop = () => {
      child.kill('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
      finish(fail(`did not finish within ${options.timeoutMs / 1000} s and was stopped`));
    }, options.timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = options.maxBytes - kept;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        kept = options.maxBytes;
        truncated = true;
        stop();
        finish({ ok: true, stdout: Buffer.concat(chunks).toString('utf8'), truncated: true, label });
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(
        fail(
          error.code === 'ENOENT'
            ? 'was not found'
            : error.code === 'EACCES'
              ? 'is not executable'
              : 'could not be started',
        ),
      );
    });
    child.on('close', (code, signal) => {
      const stderrNote = stderrBytes > 0 ? `; it wrote ${stderrBytes} bytes to stderr (not shown)` : '';
      const stdout = Buffer.concat(chunks).toString('utf8');
      if (truncated || timedOut) return;
      if (code !== 0)
        finish(
          fail(`${code === null ? `ended with ${signal ?? 'a signal'}` : `exited with code ${code}`}${stderrNote}`),
        );
      else finish({ ok: true, stdout, truncated: false, label });
    });
  });
}
