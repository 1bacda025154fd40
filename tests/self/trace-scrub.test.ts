import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scrubTraceZip } from '../../helpers/redact/scrub-trace';
import { Scrubber } from '../../helpers/redact/scrubber';
import { readZipMembers, writeZipMembers } from '../../helpers/redact/zip-members';
import { scanForLeaks } from './support/scan-for-leaks';
import { runSuiteAgainstReference } from './support/run-suite';

/**
 * `--trace on` is allowed because every trace zip under the reports folder is rewritten scrubbed when Playwright
 * finishes: a traced browser run (login form with the password, cookies, tokens in headers and bodies) is searched,
 * every trace member included, for the secret, the passwords and any full token.
 */
test.describe.configure({ timeout: 240_000 });

function zipsUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? zipsUnder(path) : name.endsWith('.zip') ? [path] : [];
  });
}

test('a traced browser run: traces are kept, and no member of any trace holds a secret, password or token', async () => {
  const run = await runSuiteAgainstReference(
    { fault: '', suite: 'browser', expectedCode: '' },
    { name: 'trace-on', playwrightArgs: ['--trace', 'on'] },
  );
  // Healthy: no check fails (the third-party-blocked world's warnings fail a --fail-on warning run: exit 1).
  expect(run.summary?.totals.failed, run.output).toBe(0);
  expect(run.summary?.findings?.map((finding) => finding.severity) ?? [], run.output).not.toContain('error');
  const traces = zipsUnder(run.reportsDir).filter((file) =>
    readZipMembers(readFileSync(file)).some((member) => member.name.endsWith('.trace')),
  );
  expect(traces.length, 'the run kept its traces').toBeGreaterThanOrEqual(6);
  const network = traces
    .flatMap((file) => readZipMembers(readFileSync(file)))
    .filter((member) => member.name.endsWith('.network'))
    .map((member) => member.data.toString('utf8'))
    .join('\n');
  // The traces still show the exchanges, with the credentials replaced by tags.
  expect(network).toMatch(/"name":"Cookie","value":"[^"]*\[redacted #[0-9a-f]{8}\]/);
  const leaks = scanForLeaks(run.reportsDir, run.output, {
    'the signing secret': run.secret,
    'the test user password': 'alice-password',
    'the admin password': 'ada-password',
  });
  expect(leaks).toEqual([]);
});

test('scrubTraceZip: known values, credential headers and cookie values in any member and encoding; pixels left out', () => {
  const opaque = 'opaque-refresh-7f3a9c2e5b1d';
  const csrf = 'csrf-token-1b2c3d4e5f6a';
  const trace = [
    JSON.stringify({ type: 'action', params: { expression: 'fill', arg: ['input', 'hunter2-password'] } }),
    JSON.stringify({
      type: 'resource-snapshot',
      snapshot: {
        request: { headers: [{ name: 'Cookie', value: `sid=${opaque}; theme=dark` }] },
        response: { headers: [{ name: 'set-cookie', value: `csrf=${csrf}; Path=/; SameSite=Lax` }] },
      },
    }),
  ].join('\n');
  const zip = writeZipMembers([
    { name: '0-trace.trace', data: Buffer.from(trace) },
    { name: 'resources/body.json', data: Buffer.from(JSON.stringify({ refresh: opaque, b64: btoa(csrf) })) },
    { name: 'resources/frame.jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10]) },
  ]);
  const known = new Scrubber().add('hunter2-password');
  const { zip: clean, dropped } = scrubTraceZip(zip, known);
  const members = readZipMembers(clean);
  expect(members.map((member) => member.name)).toEqual(['0-trace.trace', 'resources/body.json']);
  expect(dropped).toEqual(['resources/frame.jpeg']);
  const text = members.map((member) => member.data.toString('utf8')).join('\n');
  for (const value of ['hunter2-password', opaque, csrf, btoa(csrf)]) expect(text).not.toContain(value);
  expect(text).toContain('"name":"Cookie","value":"[redacted #');
});
