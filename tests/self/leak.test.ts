import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { FAULTS } from '../../reference/faults';
import type { FaultCase } from './cases/types';
import { scanForLeaks } from './support/scan-for-leaks';
import { runSuiteAgainstReference } from './support/run-suite';

/**
 * Secrets never reach a sink: each run uses fresh random secrets, then every file written under its reports
 * folder (HTML report and its embedded zip, JUnit, Allure results and HTML, summary, test results) and the
 * CLI's output are searched for them in every common encoding, and for any full token.
 * Every suite runs (REST, cookies, browser, WebSocket). A failing run is scanned too: failures carry the most evidence.
 */
test.describe.configure({ timeout: 240_000 });

const RUNS: { name: string; row: FaultCase }[] = [
  { name: 'healthy', row: { fault: '', suite: 'rest', expectedCode: '' } },
  // Several faults at once, so every suite fails and attaches its evidence (REST, cookies, browser, WebSocket).
  {
    name: 'failing',
    row: {
      fault:
        'api-generic-secret-only,cookie-samesite-lax,logout-keeps-storage,ws-broadcast-leak,cookie-nameless-session',
      suite: 'rest',
      expectedCode: '',
      env: { JWT_SECRET_KEY: randomBytes(32).toString('base64url') },
    },
  },
];

// Every fault of the reference target at once: the most evidence any run can attach.
RUNS.push({ name: 'every-fault', row: { fault: FAULTS.join(','), suite: 'rest', expectedCode: '' } });

for (const { name, row } of RUNS) {
  test(`no secret, password or token in any report or output (${name} run)`, async () => {
    // Every fault at once fails every suite with the most evidence, and the browser checks take longest.
    if (name === 'every-fault') test.setTimeout(360_000);
    const run = await runSuiteAgainstReference(row, { name: `leak-${name}`, allure: true, allSuites: true });
    expect(run.summary, run.output).toBeDefined();
    if (name === 'failing') {
      const failedProjects = new Set(
        run.summary?.checks.filter((check) => check.status === 'failed').map((check) => check.project),
      );
      expect([...failedProjects].sort(), 'every suite must fail and attach its evidence').toEqual([
        'browser',
        'cookies',
        'rest',
        'websocket',
      ]);
    }
    const sensitive: Record<string, string> = {
      'the signing secret': run.secret,
      'the test user password': 'alice-password',
      'the admin password': 'ada-password',
    };
    if (row.env?.['JWT_SECRET_KEY']) sensitive['the other chain candidate'] = row.env['JWT_SECRET_KEY'];
    // The reference's nameless cookie (cookie-nameless-session) is random: looked for by its shape.
    const leaks = scanForLeaks(run.reportsDir, run.output, sensitive, {
      'a nameless cookie value': /opaqueSessionId[0-9a-f]{32}/,
    });
    expect(leaks).toEqual([]);
  });
}

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
