import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { scanForLeaks } from './support/scan-for-leaks';
import { runSuiteAgainstReference } from './support/run-suite';

/**
 * Secrets never reach a sink. The two whole-suite runs of the fault matrix (healthy, and every suite failing with its
 * evidence) are scanned there, in the same test that makes the run (tests/self/fault-matrix.test.ts, through
 * support/whole-suite-runs.ts). Here: the flags and inputs that would leak are refused without a trace, and the scanner
 * itself is shown to find what it looks for.
 */
test.describe.configure({ timeout: 120_000 });

// --trace on is allowed and its zips scrubbed: proven by tests/self/trace-scrub.test.ts.

test('credentials in TARGET_BASE_URL are refused and never printed', async () => {
  const urlPassword = `url-pw-${randomBytes(8).toString('hex')}`;
  const run = await runSuiteAgainstReference(
    { fault: '', suite: 'rest', expectedCode: '' },
    {
      name: 'leak-url-credentials',
      env: (target) => ({ TARGET_BASE_URL: target.url.replace('//', `//qa:${urlPassword}@`) }),
    },
  );
  expect(run.exitCode, run.output).toBe(2);
  expect(run.output).toMatch(/TARGET_BASE_URL\s+must not contain credentials/);
  expect(
    scanForLeaks(run.reportsDir, run.output, { 'the URL password': urlPassword, 'the signing secret': run.secret }),
  ).toEqual([]);
});

test('the scanner finds a planted secret in every encoding and a planted token (it can fail)', async ({}, testInfo) => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const folder = testInfo.outputPath('planted');
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(24).toString('hex');
  writeFileSync(`${folder}/a.txt`, Buffer.from(secret).toString('base64url'));
  writeFileSync(`${folder}/b.json`, JSON.stringify({ v: encodeURIComponent(`${secret}`) }));
  // A trace-like zip (deflated): the scan must look inside it.
  writeFileSync(`${folder}/trace.zip`, deflatedZip('trace.trace', `{"password":"${secret}"}`));
  const token = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.${randomBytes(32).toString('base64url')}`;
  writeFileSync(
    `${folder}/c.json`,
    JSON.stringify({ setCookie: 'opaqueSessionId0123456789abcdef0123456789abcdef; Path=/' }),
  );
  const leaks = scanForLeaks(folder, `log line ${token}`, { secret }, { nameless: /opaqueSessionId[0-9a-f]{32}/ });
  expect(leaks.map((leak) => leak.where).sort()).toEqual(
    ['a.txt', 'b.json', 'c.json', 'stdout/stderr', 'trace.zip → trace.trace'].sort(),
  );
});

/** A one-entry zip with a deflated entry, as Playwright writes trace.zip. */
function deflatedZip(name: string, text: string): Buffer {
  const data = deflateRawSync(Buffer.from(text));
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(text.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(text.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}
