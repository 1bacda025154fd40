import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { derivedForms } from '../../../helpers/redact/scrubber';
import { readZipMembers } from '../../../helpers/redact/zip-members';

export interface Leak {
  readonly where: string;
  readonly what: string;
}

/** A compact JWS with a real signature (≥ 20 base64url characters): a usable token. */
const FULL_TOKEN = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}/;

/**
 * Looks through every file under a folder (and inside the zip Playwright's HTML report embeds) and through
 * captured output, for each sensitive value in raw, base64, base64url, URL-encoded and hex form, for full tokens, and
 * for values known only by their shape (`patterns`: a random value the target made up).
 */
export function scanForLeaks(
  folder: string,
  output: string,
  sensitive: Readonly<Record<string, string>>,
  patterns: Readonly<Record<string, RegExp>> = {},
): Leak[] {
  const folderExists = existsSync(folder);
  const needles: { label: string; form: string }[] = [];
  for (const [label, value] of Object.entries(sensitive)) {
    for (const form of derivedForms(Buffer.from(value, 'utf8'))) if (form.length >= 8) needles.push({ label, form });
  }
  const leaks: Leak[] = [];
  const inspect = (where: string, text: string) => {
    for (const needle of needles) if (text.includes(needle.form)) leaks.push({ where, what: needle.label });
    if (FULL_TOKEN.test(text)) leaks.push({ where, what: 'a full token (header.payload.signature)' });
    for (const [label, pattern] of Object.entries(patterns)) if (pattern.test(text)) leaks.push({ where, what: label });
  };
  inspect('stdout/stderr', output);
  for (const file of folderExists ? walk(folder) : []) {
    const content = readFileSync(file);
    const where = relative(folder, file);
    inspect(where, content.toString('utf8'));
    // Playwright traces (and any other zip) are compressed: look inside.
    if (file.endsWith('.zip'))
      for (const entry of readZipMembers(content)) inspect(`${where} → ${entry.name}`, entry.data.toString('utf8'));
    const embedded = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(content.toString('latin1'));
    if (embedded?.[1])
      for (const entry of readZipMembers(Buffer.from(embedded[1], 'base64')))
        inspect(`${where} → ${entry.name}`, entry.data.toString('utf8'));
  }
  return leaks;
}

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
