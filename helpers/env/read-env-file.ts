import { parse } from 'dotenv';
import type { ConfigIssue } from '../errors/authcanary-error';
import { readBoundedFile } from './read-bounded-file';

export interface EnvFileContent {
  readonly values: Record<string, string>;
  /** Problems dotenv passes silently: duplicate keys, values cut at an unquoted `#`. Never quoting a value. */
  readonly issues: ConfigIssue[];
}

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*=(.*)$/;

/**
 * Reads one env file with dotenv, then compares dotenv's result with the raw text: dotenv keeps the last of two
 * equal keys and cuts an unquoted value at `#` (`SECRET_CHAIN=NAME#field` becomes `NAME`) without a word.
 * A `#` after whitespace is a comment, as everywhere; a `#` glued to the value is a cut.
 * An unreadable path (a directory, no permission, a FIFO or a device, over 1 MiB) is an issue on the file, not a
 * crash or a hang.
 */
export function readEnvFile(file: string, shown: string): EnvFileContent {
  const read = readBoundedFile(file);
  if (!read.ok) {
    const why = read.code === 'EISDIR' ? 'is a directory, not an env file' : read.why;
    return { values: {}, issues: [{ file: shown, key: '(file)', message: why }] };
  }
  const text = read.text;
  const values = parse(text);
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  let inQuote: string | undefined;
  lines.forEach((line, index) => {
    if (inQuote !== undefined) {
      if (line.includes(inQuote)) inQuote = undefined;
      return;
    }
    const match = ASSIGNMENT.exec(line);
    if (!match) return;
    const key = match[1] as string;
    const raw = (match[2] as string).trimStart();
    const first = seen.get(key);
    if (first !== undefined)
      issues.push({ file: shown, key, message: `set twice (lines ${first} and ${index + 1}); dotenv keeps the last` });
    else seen.set(key, index + 1);
    const quote = raw[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      if (raw.indexOf(quote, 1) === -1) inQuote = quote;
      return;
    }
    const hash = raw.indexOf('#');
    if (hash === -1) return;
    if (hash === 0 || !/\s/.test(raw[hash - 1] as string))
      issues.push({
        file: shown,
        key,
        message: `line ${index + 1}: the value contains an unquoted "#", and dotenv cuts it there (the rest is read as a comment); quote the value, e.g. KEY="a#b"`,
      });
  });
  return { values, issues };
}
