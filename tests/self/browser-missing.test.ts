import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import type { RunSummary } from '../../helpers/report/summary';

/**
 * A machine with no Chromium anywhere authcanary looks: AUTHCANARY_CHROMIUM unset and the search list injected
 * (AUTHCANARY_BROWSER_SEARCH) so neither Playwright's nor the system's browser is visible.
 */
const HIDDEN = { AUTHCANARY_CHROMIUM: '', AUTHCANARY_BROWSER_SEARCH: '/nonexistent/chromium:/nonexistent/chrome' };

function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'authcanary.js'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '', AUTH_ENV: 'local', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test.describe.configure({ timeout: 120_000 });

test('no browser: the other suites run, the run ends config (exit 2) with AC_BROWSER_NOT_FOUND and says what to install', ({}, testInfo) => {
  const reports = testInfo.outputPath('reports');
  const run = cli(
    [
      'run',
      '--no-allure',
      '--baseline',
      'none',
      '--reports',
      reports,
      '--',
      '--project',
      'rest',
      '--project',
      'browser',
      '-g',
      'self-signup',
    ],
    HIDDEN,
  );
  // A missing browser is the machine's configuration, not an auth verdict: verdict config, exit 2.
  expect(run.code, run.stdout + run.stderr).toBe(2);
  expect(run.stdout).toContain('browser: NONE FOUND: the browser suite will not run');
  expect(run.stdout).toContain('apt-get install chromium');
  const summary = JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as RunSummary;
  expect(summary.verdict).toBe('config');
  expect(summary.notRun?.map((suite) => suite.suite)).toEqual(['browser']);
  expect(summary.findings?.map((finding) => `${finding.code} ${finding.severity} ${finding.status}`)).toEqual([
    'AC_BROWSER_NOT_FOUND error new',
  ]);
  // The REST check that was asked for did run and pass; no browser check ran.
  expect(summary.checks.map((check) => `${check.project} ${check.status}`)).toEqual(['rest passed']);
  expect(run.stdout).toMatch(/authcanary CONFIG env=local: 1 passed, 0 failed.*AC_BROWSER_NOT_FOUND \(error, new\)/);
  expect(readFileSync(join(reports, 'index.html'), 'utf8')).toContain('did not run');
});

test('no browser and only the browser suite asked for: exit 2, the hint, nothing run', ({}, testInfo) => {
  const reports = testInfo.outputPath('reports');
  const run = cli(['run', '--no-allure', '--reports', reports, '--', '--project', 'browser'], HIDDEN);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('ERR_BROWSER_NOT_FOUND');
  expect(run.stderr).toContain('hint: on Debian/Ubuntu: apt-get install chromium');
  expect(existsSync(join(reports, 'summary.json'))).toBe(false);
});

test('set-up script with no browser and no way to install one: exit 1 and exactly what to run', ({}, testInfo) => {
  // A PATH holding only what the script needs besides a browser.
  const bin = testInfo.outputPath('bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['ls', 'cat', 'dirname']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  const result = spawnSync('/bin/bash', [join(PROJECT_ROOT, 'scripts', 'install-browser.sh')], {
    encoding: 'utf8',
    env: { PATH: bin, HOME: testInfo.outputPath('home'), AUTHCANARY_SKIP_BROWSER_INSTALL: '1' },
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('browser: NO CHROMIUM');
  expect(result.stderr).toContain('apt-get install chromium');
  expect(result.stderr).toContain('npx playwright install chromium');
  expect(result.stderr).toContain('AUTHCANARY_CHROMIUM');
});
