import { open } from 'node:fs/promises';
import type { LogSourceConfig } from '../env/evidence-keys';
import { runBoundedCommand } from './bounded-command';
import { fillPlaceholders } from './log-window';

export type LogText =
  | {
      readonly ok: true;
      readonly text: string;
      /** Where the lines came from, as the evidence names it (never an argument value). */
      readonly source: string;
      /** The source was narrowed to the request's window by the command itself. */
      readonly windowed: boolean;
      readonly truncated: boolean;
    }
  | { readonly ok: false; readonly source: string; readonly failure: string };

/**
 * The raw text of the declared log source, bounded: the command (placeholders filled, no shell, timeout, byte cap),
 * else the last TARGET_LOG_MAX_BYTES of the file. Never throws.
 */
export async function readLogSource(
  log: LogSourceConfig,
  values: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<LogText> {
  if (log.command) {
    const windowed = log.command.some((word) => /\{(startMs|endMs|startIso|endIso|requestId|traceId)\}/.test(word));
    const output = await runBoundedCommand(fillPlaceholders(log.command, values), {
      timeoutMs: log.timeoutMs,
      maxBytes: log.maxBytes,
      env,
      key: 'TARGET_LOG_COMMAND',
    });
    const source = `TARGET_LOG_COMMAND (${output.label})`;
    return output.ok
      ? { ok: true, text: output.stdout, source, windowed, truncated: output.truncated }
      : { ok: false, source, failure: output.failure };
  }
  const source = `TARGET_LOG_FILE (${log.file ?? ''})`;
  if (!log.file) return { ok: false, source, failure: 'TARGET_LOG_FILE is not set' };
  try {
    const handle = await open(log.file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, log.maxBytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      let text = buffer.toString('utf8');
      // Reading from the middle of the file: the first line is partial.
      if (size > length) text = text.slice(text.indexOf('\n') + 1);
      return { ok: true, text, source, windowed: false, truncated: size > length };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : 'could not be read';
    return { ok: false, source, failure: `TARGET_LOG_FILE ${why}` };
  }
}
