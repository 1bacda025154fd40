import type { ConfigIssue } from '../errors/authcanary-error';

/** A value of an authcanary key larger than this is not a configuration value (a PEM key is a few KiB). */
export const MAX_VALUE_BYTES = 64 * 1024;
/**
 * Linux refuses to start a process one of whose environment entries (`KEY=value`) is 128 KiB or more (E2BIG): such an
 * entry anywhere in the environment would make spawning Playwright fail.
 */
export const MAX_ENV_ENTRY_BYTES = 128 * 1024 - 1;

// C0 controls and DEL, but tab, line feed and carriage return (multi-line PEM keys are legitimate).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Problems with values themselves, found before anything is parsed or spawned: a NUL or another control character,
 * an oversized value. Each names the key and where it came from; never the value, nor the character's neighbours.
 * `checked` says which keys are the harness's own (every key of an env file is; of the process environment, only
 * the harness's keys are checked for characters, every key for size).
 */
export function valueIssues(
  merged: Readonly<Record<string, string | undefined>>,
  origin: (key: string) => string,
  checked: (key: string) => boolean,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) continue;
    const bytes = Buffer.byteLength(value, 'utf8');
    if (Buffer.byteLength(key) + 1 + bytes > MAX_ENV_ENTRY_BYTES) {
      issues.push({
        file: origin(key),
        key,
        message: `the value is ${bytes} bytes: over the 128 KiB a process environment entry may hold (a spawned process would fail with E2BIG)`,
      });
      continue;
    }
    if (!checked(key)) continue;
    if (bytes > MAX_VALUE_BYTES) {
      issues.push({
        file: origin(key),
        key,
        message: `the value is ${bytes} bytes, over the ${MAX_VALUE_BYTES}-byte limit`,
      });
      continue;
    }
    const control = CONTROL.exec(value);
    if (control)
      issues.push({
        file: origin(key),
        key,
        message:
          control[0] === '\u0000'
            ? 'the value contains a NUL byte (U+0000): remove it (a process environment cannot carry it)'
            : `the value contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${control.index + 1}: remove it`,
      });
  }
  return issues;
}
