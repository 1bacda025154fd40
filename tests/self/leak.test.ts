import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
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

for (const { name, row } of RUNS) {
  test(`no secret, password or token in any report or output (${name} run)`, async () => {
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

test('the scanner finds a planted secret in every encoding and a planted token (it can fail)', async ({}, testInfo) => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const folder = testInfo.outputPath('planted');
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(24).toString('hex');
  writeFileSync(`${folder}/a.txt`, Buffer.from(secret).toString('base64url'));
  writeFileSync(`${folder}/b.json`, JSON.stringify({ v: encodeURIComponent(`${secret}`) }));
  const token = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.${randomBytes(32).toString('base64url')}`;
  writeFileSync(
    `${folder}/c.json`,
    JSON.stringify({ setCookie: 'opaqueSessionId0123456789abcdef0123456789abcdef; Path=/' }),
  );
  const leaks = scanForLeaks(folder, `log line ${token}`, { secret }, { nameless: /opaqueSessionId[0-9a-f]{32}/ });
  expect(leaks.map((leak) => leak.where).sort()).toEqual(['a.txt', 'b.json', 'c.json', 'stdout/stderr'].sort());
});
