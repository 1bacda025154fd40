import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { planInit, TEMPLATES } from '../../cli/commands/init';
import { splitProjects, withProjects } from '../../cli/suite-selection';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { readBaseline } from '../../helpers/report/baseline';

/** `authcanary init` in a fresh folder, stdin a pipe (not a terminal), as in CI or a script. */
function init(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'authcanary.js'), 'init', ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, CI: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

test('init --template keycloak writes the annotated env, an example spec, the workflow, an empty baseline, .gitignore lines', ({}, testInfo) => {
  const repo = testInfo.outputPath('repo');
  mkdirSync(repo, { recursive: true });
  writeFileSync(join(repo, '.gitignore'), 'node_modules/\nreports/');
  const run = init(repo, ['--template', 'keycloak']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(files(repo)).toEqual([
    '.github/workflows/authcanary.yml',
    '.gitignore',
    'authcanary-baseline.json',
    'env/staging.env',
    'tests/authcanary/example.spec.ts',
  ]);
  const env = readFileSync(join(repo, 'env', 'staging.env'), 'utf8');
  // The template's annotations come along, and the team's spec folder is declared.
  expect(env).toContain(readFileSync(join(PROJECT_ROOT, 'env', 'examples', 'keycloak.env'), 'utf8').split('\n')[0]);
  expect(env).toMatch(/^USER_TESTS_DIR=tests\/authcanary$/m);
  // The written env file is one the loader accepts.
  const loaded = loadTargetConfig({
    envName: 'staging',
    envDir: join(repo, 'env'),
    processVariables: { TEST_USER_PASSWORD: 'only-for-this-test' },
  });
  expect(loaded.config.envName).toBe('staging');
  expect(readBaseline(join(repo, 'authcanary-baseline.json')).findings).toEqual([]);
  // Only the missing line is added, after a newline the file lacked.
  expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toBe(
    'node_modules/\nreports/\n# authcanary: local secrets and reports\nenv/*.local.env\n',
  );
  expect(readFileSync(join(repo, '.github', 'workflows', 'authcanary.yml'), 'utf8')).toContain('env: staging');
  expect(run.stdout).toContain('npx authcanary run --env staging');
});

test('init where the files already exist: exit 2 naming them, nothing written; --force replaces them', ({}, testInfo) => {
  const repo = testInfo.outputPath('repo');
  mkdirSync(join(repo, 'env'), { recursive: true });
  writeFileSync(join(repo, 'env', 'staging.env'), 'TARGET_BASE_URL=https://mine.example.com\n');
  const refused = init(repo, ['--template', 'auth0']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('env/staging.env already exists: nothing written');
  expect(refused.stderr).toContain('--force');
  expect(files(repo)).toEqual(['env/staging.env']);
  expect(readFileSync(join(repo, 'env', 'staging.env'), 'utf8')).toBe('TARGET_BASE_URL=https://mine.example.com\n');

  const forced = init(repo, ['--template', 'auth0', '--force']);
  expect(forced.code).toBe(0);
  expect(readFileSync(join(repo, 'env', 'staging.env'), 'utf8')).toContain('auth0 template');
});

test('init with an unknown template: exit 2 listing the templates, nothing written', ({}, testInfo) => {
  const repo = testInfo.outputPath('repo');
  mkdirSync(repo, { recursive: true });
  const run = init(repo, ['--template', 'okta-classic']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('unknown template "okta-classic"');
  for (const template of TEMPLATES) expect(run.stderr).toContain(template.name);
  expect(files(repo)).toEqual([]);
});

test('init without --template and no terminal to ask in: exit 2 saying to pass one, nothing written', ({}, testInfo) => {
  const repo = testInfo.outputPath('repo');
  mkdirSync(repo, { recursive: true });
  const run = init(repo, []);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('init needs a template (no terminal to ask in)');
  expect(run.stderr).toContain('--template NAME');
  expect(files(repo)).toEqual([]);
});

test('interactive: the answer picks the template (by number or name); every template is a file of the package', async ({}, testInfo) => {
  const repo = testInfo.outputPath('repo');
  mkdirSync(repo, { recursive: true });
  const plan = await planInit({
    root: repo,
    template: undefined,
    envName: 'dev',
    force: false,
    ask: async () => 'flask',
  });
  expect(plan.template.name).toBe('flask');
  expect(plan.files.map((file) => file.path)).toContain('env/dev.env');
  for (const template of TEMPLATES) expect(existsSync(join(PROJECT_ROOT, template.source)), template.source).toBe(true);
  // The reference template's secret follows the env's name (the chain reads JWT_SECRET_<ENV> first).
  const reference = await planInit({ root: repo, template: 'reference', envName: 'demo', force: false });
  expect(reference.files[0]?.content).toMatch(/^JWT_SECRET_DEMO=/m);
});

test('the specs init declares (project user) stay in a run that has to leave the browser suite out', () => {
  const selection = splitProjects(['-g', 'orders'], ['user']);
  expect(selection.projects).toEqual(['rest', 'websocket', 'cookies', 'browser', 'user']);
  const remaining = selection.projects.filter((project) => project !== 'browser');
  expect(withProjects(remaining, selection.others)).toEqual([
    '-g',
    'orders',
    '--project=rest',
    '--project=websocket',
    '--project=cookies',
    '--project=user',
  ]);
});
