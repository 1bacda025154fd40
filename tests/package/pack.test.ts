import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import type { RunSummary } from '../../helpers/report/summary';
import { cleanEnv, installOffline, pack, run } from './offline-install';

/**
 * authcanary as a team installs it: the packed tarball installed (offline, from the npm cache) into a new project
 * outside this one (so nothing resolves from the project's own node_modules), then the user's path — init, a green
 * run against the reference target started from the package, and the team's own spec going red with the diagnosis.
 * One install, shared by the checks in order.
 */
test.describe.configure({ mode: 'serial', timeout: 240_000 });

let work: string;
let app: string;
let files: string[];
let installOutput: string;
const npx = (args: string[], extra: Record<string, string> = {}) =>
  run(join(app, 'node_modules', '.bin', 'authcanary'), args, app, cleanEnv(extra));

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'authcanary-pack-'));
  app = join(work, 'team-repo');
  mkdirSync(app);
  const packed = pack(work);
  files = packed.files;
  const installed = installOffline(app, packed.tarball);
  installOutput = installed.out;
  if (installed.code !== 0) throw new Error(`npm ci --offline failed:\n${installed.out}`);
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds what a user runs (CLI, integration, built-in suites, reference target), not the project’s own tests', () => {
  for (const file of [
    'bin/authcanary.js',
    'cli/api.ts',
    'cli/commands/init.ts',
    'playwright/index.ts',
    'playwright.config.ts',
    'reporters/summary-reporter.ts',
    'reference/main.ts',
    'tests/fixtures/index.ts',
    'tests/rest/login.spec.ts',
    'tests/ws/handshake.spec.ts',
    'tests/cookies/cookies.spec.ts',
    'tests/browser/cross-site.spec.ts',
    'templates/oidc.env',
    'env/examples/keycloak.env',
    'action.yml',
  ])
    expect(files, file).toContain(file);
  for (const prefix of ['tests/unit/', 'tests/self/', 'tests/interop/', 'tests/package/', 'bench/', 'env/interop/'])
    expect(
      files.filter((file) => file.startsWith(prefix)),
      prefix,
    ).toEqual([]);
  // Installed on this Node (20), no runtime dependency asks for another engine.
  expect(installOutput).not.toMatch(/EBADENGINE/);
});

test('the programmatic API is importable from the installed package (TypeScript, through tsx)', () => {
  const script = [
    "const { authcanary, CATALOGUE } = await import('authcanary');",
    "console.log(Object.keys(CATALOGUE).includes('AC_AUDIENCE_DRIFT'));",
    "process.exitCode = await authcanary(['codes']);",
  ].join('\n');
  const api = run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], app);
  expect(api.code, api.out).toBe(0);
  expect(api.stdout.split('\n')[0]).toBe('true');
  expect(api.stdout).toContain('AC_AUDIENCE_DRIFT');
});

test('init, then a green run against the reference target started from the package, the team’s spec included', () => {
  const init = npx(['init', '--template', 'reference']);
  expect(init.code, init.out).toBe(0);
  expect(init.stdout).toContain('npx authcanary run --env local');
  const green = npx([
    'run',
    '--env',
    'local',
    '--no-allure',
    '--',
    'tests/rest/login.spec.ts',
    'tests/authcanary/',
    '--project',
    'rest',
    'user',
  ]);
  expect(green.code, green.out).toBe(0);
  // The env file is the team's (its repository), the reports land there too.
  expect(green.stdout).toContain('authcanary: env local (env/local.env)');
  expect(green.stdout).toMatch(/authcanary PASSED env=local: \d+ passed, 0 failed/);
  const summary = JSON.parse(readFileSync(join(app, 'reports', 'summary.json'), 'utf8')) as RunSummary;
  const projects = new Set(summary.checks.map((check) => check.project));
  expect([...projects].sort()).toEqual(['rest', 'user']);
  // The team's spec is named from its repository, not climbing out of node_modules; the built-in one from the package.
  expect([...new Set(summary.checks.map((check) => `${check.project} ${check.file}`))].sort()).toEqual([
    'rest tests/rest/login.spec.ts',
    'user tests/authcanary/example.spec.ts',
  ]);
});

test('the team’s spec fails on a reference fault with the diagnosis as its message, ranked and scrubbed', () => {
  // A second spec of the team's: a token minted for another API (the audience the faulty target now expects) must be refused.
  writeFileSync(
    join(app, 'tests', 'authcanary', 'audience.spec.ts'),
    [
      "import { test, expect } from 'authcanary/playwright';",
      "test('a token for another API is refused', async ({ request, mint, target }) => {",
      "  const token = await mint({ audience: 'reference-api-v2' });",
      "  const url = new URL('/api/v1/me', target.target.baseUrl).href;",
      '  const response = await request.get(url, { headers: { authorization: `Bearer ${token}` } });',
      '  await expect(response).toBeRefused({ token });',
      '});',
      '',
    ].join('\n'),
  );
  const red = npx(['run', '--env', 'local', '--no-allure', '--', '--project', 'user'], {
    REFERENCE_FAULTS: 'audience-drift',
  });
  expect(red.code, red.out).toBe(1);
  // The matcher's message: the call, the exchange, then code, kind, summary, fix and evidence.
  expect(red.stdout).toContain('expect(response).toBeAuthorized()');
  expect(red.stdout).toContain('GET /api/v1/me answered 401');
  expect(red.stdout).toMatch(/\[AC_AUDIENCE_DRIFT\] \(auth\) the server refuses the token's audience/);
  expect(red.stdout).toMatch(/fix: Align the audience/);
  expect(red.stdout).toMatch(/evidence: \{/);
  expect(red.stdout).toContain('expect(response).toBeRefused()');
  expect(red.stdout).toMatch(
    /\[AC_INVALID_TOKEN_ACCEPTED\] \(auth\) GET \/api\/v1\/me accepted a token it must refuse/,
  );
  expect(red.stdout).toMatch(/2 root causes: AC_\w+ \(error, new\) ×1; AC_\w+ \(error, new\) ×1/);
  expect(red.stdout).toContain('AC_AUDIENCE_DRIFT (error, new) ×1');

  const summary = JSON.parse(readFileSync(join(app, 'reports', 'summary.json'), 'utf8')) as RunSummary;
  const failed = summary.checks.filter((check) => check.status === 'failed');
  expect(failed.map((check) => [check.project, check.diagnoses.map((entry) => entry.code).join()]).sort()).toEqual([
    ['user', 'AC_AUDIENCE_DRIFT'],
    ['user', 'AC_INVALID_TOKEN_ACCEPTED'],
  ]);
  expect(readFileSync(join(app, 'reports', 'index.html'), 'utf8')).toContain('AC_AUDIENCE_DRIFT');

  // No credential in the terminal nor in any report file (attachments included).
  const secret = /^JWT_SECRET_LOCAL=(.+)$/m.exec(readFileSync(join(app, 'env', 'local.env'), 'utf8'))?.[1];
  expect(secret).toBeTruthy();
  const jwt = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
  expect(red.out).not.toContain(secret as string);
  expect(red.out).not.toMatch(jwt);
  const reportFiles = readdirSync(join(app, 'reports'), { recursive: true, withFileTypes: true }).filter((entry) =>
    entry.isFile(),
  );
  // The matcher's attachment (diagnosis.json, scrubbed) is among the report's files.
  const attached = reportFiles.filter((entry) =>
    readFileSync(join(entry.parentPath, entry.name), 'utf8').includes('"fix": "Align the audience'),
  );
  expect(attached.length).toBeGreaterThan(0);
  for (const entry of reportFiles) {
    const text = readFileSync(join(entry.parentPath, entry.name), 'latin1');
    expect(text, entry.name).not.toContain(secret as string);
    if (!entry.name.endsWith('.zip') && !entry.name.endsWith('.html')) expect(text, entry.name).not.toMatch(jwt);
  }
  expect(PROJECT_ROOT).not.toBe(app);
});
