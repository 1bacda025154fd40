import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Scrubber } from './scrubber';
import { readZipMembers, writeZipMembers, type ZipMember } from './zip-members';

/** Headers whose values are credentials or carry them. */
const CREDENTIAL_HEADERS =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-csrf-token|x-xsrf-token|x-api-key)$/i;

/**
 * Every value a trace itself shows to be a credential: the values of credential headers (each cookie's value, the
 * token after the auth scheme, the whole header) and of cookie objects, wherever they appear in the trace's JSON lines.
 */
export function credentialsInTrace(text: string): string[] {
  const found = new Set<string>();
  const header = (name: string, value: string) => {
    if (!CREDENTIAL_HEADERS.test(name)) return;
    found.add(value);
    for (const part of value.split(/;\s*|\n/)) {
      const pair = /^[^=\s]+=(.+)$/.exec(part.trim());
      if (pair?.[1] && !/^(path|domain|expires|max-age|samesite)$/i.test(part.split('=')[0]!.trim()))
        found.add(pair[1].replace(/^"|"$/g, ''));
    }
    const token = /^\S+\s+(\S+)$/.exec(value.trim())?.[1];
    if (token) found.add(token);
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record['name'] === 'string' && typeof record['value'] === 'string') {
      header(record['name'], record['value']);
      // A cookie object ({name, value, domain, ...}): its value whatever its name.
      if ('domain' in record || 'httpOnly' in record) found.add(record['value']);
    }
    for (const value of Object.values(record)) visit(value);
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      visit(JSON.parse(line));
    } catch {
      // Not a JSON line: nothing structured to read.
    }
  }
  return [...found].filter((value) => value.length >= 6);
}

const isText = (data: Buffer) => !data.includes(0) && Buffer.from(data.toString('utf8'), 'utf8').equals(data);

/**
 * A Playwright trace with every known sensitive value scrubbed from every member, in every encoding the scrubber
 * knows (raw, base64, base64url, URL-encoded, hex) plus anything JWT-shaped: the run's secrets and passwords
 * (`known`), and every credential the trace itself carries (header and cookie values). A member that is not text
 * (screencast frames, images, binary bodies) cannot be proven clean by a text scan and is left out.
 */
export function scrubTraceZip(zip: Buffer, known: Scrubber): { zip: Buffer; dropped: string[] } {
  const members = readZipMembers(zip);
  const text = members.filter((member) => isText(member.data));
  const seen = new Scrubber();
  for (const member of text) for (const value of credentialsInTrace(member.data.toString('utf8'))) seen.add(value);
  const kept: ZipMember[] = text.map((member) => ({
    name: member.name,
    data: Buffer.from(seen.scrub(known.scrub(member.data.toString('utf8'))), 'utf8'),
  }));
  return {
    zip: writeZipMembers(kept),
    dropped: members.filter((member) => !text.includes(member)).map((member) => member.name),
  };
}

/** Whether a zip is a Playwright trace (it has a `.trace` member). */
function isTrace(members: readonly { name: string }[]): boolean {
  return members.some((member) => member.name.endsWith('.trace'));
}

/**
 * Rewrites, in place, every Playwright trace zip under `folder` (test results, the HTML report's copies, Allure
 * attachments) scrubbed, and removes any zip it cannot read; returns the files rewritten. Written to a temporary file and renamed: never half-written.
 */
export function scrubTracesUnder(folder: string, known: Scrubber): string[] {
  const rewritten: string[] = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      return stat?.isDirectory() ? walk(path) : stat?.isFile() && name.endsWith('.zip') ? [path] : [];
    });
  for (const file of statSync(folder, { throwIfNoEntry: false })?.isDirectory() ? walk(folder) : []) {
    const zip = readFileSync(file);
    let members: ZipMember[];
    try {
      members = readZipMembers(zip);
    } catch {
      // Unreadable (a trace cut short by a killed worker): it cannot be proven clean, so it is not kept.
      rmSync(file, { force: true });
      continue;
    }
    if (!isTrace(members)) continue;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, scrubTraceZip(zip, known).zip);
    renameSync(temporary, file);
    rewritten.push(file);
  }
  return rewritten;
}
