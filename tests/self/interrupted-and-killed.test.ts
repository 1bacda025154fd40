import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import { PROJECT_ROOT, REPORTS_DIR } from '../../helpers/env/paths';
import type { RunSummary } from '../../helpers/report/summary';
import { startReference, type ReferenceTarget } from '../../reference/start';

/**
 * The CLI and Playwright end to end where the process tree is the point: a target killed mid-run turns the remaining
 * checks into infra/inconclusive (exit 3, no auth code); SIGTERM to `npm start`, SIGINT during Allure and `kill -9`
 * leave no process, temporary folder or lock behind, and reports that keep every finished check, marked interrupted.
 * Each signal is sent on a line the run prints, never after a sleep.
 */
test.describe.configure({ timeout: 120_000 });

interface Started {
  readonly target: ReferenceTarget;
  readonly reports: string;
  readonly child: ReturnType<typeof spawn>;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  /** Resolves when the first check has passed (the target answered at least once). */
  readonly firstPass: Promise<void>;
}

async function startRun(
  name: string,
  how: { argv?: readonly string[]; embedded?: boolean; npm?: boolean } = {},
): Promise<Started> {
  const secret = randomBytes(32).toString('base64url');
  const target = await startReference({ env: { APP_ENV: 'local', JWT_SECRET_LOCAL: secret }, port: 0 });
  const reports = join(REPORTS_DIR, 'self', name);
  rmSync(reports, { recursive: true, force: true });
  const cliArgs = how.argv ?? ['--no-allure', '--reports', reports, '--', '--project', 'rest'];
  const [command, argv] = how.npm
    ? ['npm', ['start', '--silent', '--', ...cliArgs]]
    : [process.execPath, [join(PROJECT_ROOT, 'bin', 'authcanary.js'), 'run', ...cliArgs]];
  const child = spawn(command, argv, {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      AUTH_ENV: 'local',
      JWT_SECRET_LOCAL: secret,
      HTTP_TIMEOUT: '2s',
      CI: '',
      // The embedded target is the one Playwright starts (its webServer) and must stop.
      ...(how.embedded
        ? { REFERENCE_TARGET: 'embedded' }
        : { REFERENCE_PORT: String(target.port), REFERENCE_TARGET: 'none', TARGET_BASE_URL: target.url }),
    },
  });
  let output = '';
  let passed: () => void = () => undefined;
  const firstPass = new Promise<void>((resolve) => (passed = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    // The list reporter's pass mark, with or without colours (FORCE_COLOR may be inherited).
    if (/(✓|\bok)\S*\s+\d+ \S*\[rest\]/.test(output.replace(/\x1b\[[0-9;]*m/g, ''))) passed();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { target, reports, child, output: () => output, exited, firstPass };
}

/** Resolves once the run has printed a line matching `pattern` (colours stripped). */
function lineSeen(run: Started, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const look = () => {
      if (pattern.test(run.output().replace(/\x1b\[[0-9;]*m/g, ''))) {
        run.child.stdout?.off('data', look);
        resolve();
      }
    };
    run.child.stdout?.on('data', look);
    look();
  });
}

interface LockOwner {
  readonly pid: number;
  readonly runId: string;
  readonly tmp: string;
}
const lockOf = (reports: string) => JSON.parse(readFileSync(join(reports, '.run', 'lock'), 'utf8')) as LockOwner;

/** The live processes (not zombies) carrying the run's id, with their command lines. */
function runTree(runId: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`).includes(`AUTHCANARY_RUN_ID=${runId}\0`)) continue;
      if (/\) [ZX] /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      found.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return found;
}

/** Nothing of the run is left: no process, no temporary folder (browser profiles), no lock. */
function expectNothingLeft(reports: string, owner: LockOwner): void {
  expect(runTree(owner.runId)).toEqual([]);
  expect(existsSync(owner.tmp), owner.tmp).toBe(false);
  expect(existsSync(join(reports, '.run', 'lock'))).toBe(false);
}

const summaryOf = (reports: string) => JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as RunSummary;

const running: Started[] = [];
test.afterEach(async () => {
  // A failed assertion must not leave a run behind.
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.target.close().catch(() => undefined);
  }
});

test('a target killed mid-run: exit 3, every failed check infra or inconclusive, no auth code', async () => {
  const run = await startRun('killed-mid-run');
  running.push(run);
  await run.firstPass;
  await run.target.close();
  const code = await run.exited;
  expect(code, run.output()).toBe(3);
  const summary = summaryOf(run.reports);
  expect(summary.verdict).toBe('infra');
  const failed = summary.checks.filter((check) => check.status === 'failed' || check.status === 'timedOut');
  expect(failed.length).toBeGreaterThan(0);
  for (const check of failed) {
    expect(['infra', 'inconclusive'], check.title).toContain(check.kind);
    expect(check.diagnoses.length, check.title).toBeGreaterThan(0);
    for (const entry of check.diagnoses)
      expect(CATALOGUE[entry.code as keyof typeof CATALOGUE]?.kind, `${check.title}: ${entry.code}`).not.toBe('auth');
  }
  // Once the target is known down, the remaining checks stop at once as inconclusive instead of waiting it out.
  const lost = summary.checks.filter((check) => check.diagnoses.some((entry) => entry.code === 'AC_INFRA_TARGET_LOST'));
  expect(lost.length).toBeGreaterThan(0);
  for (const check of lost) expect(check.kind, check.title).toBe('inconclusive');
  expect(run.output()).not.toMatch(/\n\s+at .*helpers\/http\/http-client\.ts/);
});

test('SIGTERM to `npm start` reaches the CLI: the tree (reference target included) stops, finished checks are kept', async () => {
  const run = await startRun('sigterm-npm', { npm: true, embedded: true });
  running.push(run);
  // Three checks have passed: the tree is up, and there is something to keep.
  await lineSeen(run, /(?:✓[^✓]*){3}/);
  const owner = lockOf(run.reports);
  const tree = runTree(owner.runId);
  expect(
    tree.some((entry) => entry.cmdline.includes('reference/main.ts')),
    JSON.stringify(tree),
  ).toBe(true);
  run.child.kill('SIGTERM');
  await run.exited;
  expect(run.output()).toMatch(/authcanary INTERRUPTED \(SIGTERM\) INFRA env=local: \d+ passed/);
  const summary = summaryOf(run.reports);
  expect(summary.interrupted).toBe(true);
  expect(summary.verdict).toBe('infra');
  const finished = summary.checks.filter((check) => check.status === 'passed');
  expect(finished.length).toBeGreaterThanOrEqual(3);
  expect(summary.verdictReasons?.join()).toMatch(/interrupted by SIGTERM after \d+ of \d+ checks/);
  const junit = readFileSync(join(run.reports, 'junit.xml'), 'utf8');
  for (const check of finished) expect(junit).toContain(`name="${check.title.replaceAll('"', '&quot;')}"`);
  expect(junit).toContain('<property name="authcanary.interrupted" value="SIGTERM"/>');
  const page = readFileSync(join(run.reports, 'index.html'), 'utf8');
  expect(page).toContain('INTERRUPTED');
  expect(page).toContain(`${summary.totals.passed} passed`);
  expect(page).not.toContain('href="allure/index.html"');
  expectNothingLeft(run.reports, owner);
});

test('SIGINT during Allure generation: not "passed", a front page, no lock, no half-written Allure report', async () => {
  const reports = join(REPORTS_DIR, 'self', 'sigint-allure');
  const run = await startRun('sigint-allure', {
    argv: ['--reports', reports, '--', '--project', 'rest', '--grep', 'the test user logs in and receives a token'],
  });
  running.push(run);
  await lineSeen(run, /authcanary: generating the Allure report/);
  const owner = lockOf(run.reports);
  run.child.kill('SIGINT');
  expect(await run.exited, run.output()).toBe(130);
  const summary = summaryOf(run.reports);
  expect(summary.interrupted).toBe(true);
  expect(summary.verdict).not.toBe('passed');
  expect(summary.totals.passed).toBe(1);
  expect(existsSync(join(run.reports, 'allure'))).toBe(false);
  const page = readFileSync(join(run.reports, 'index.html'), 'utf8');
  expect(page).toContain('INTERRUPTED');
  expect(page).not.toContain('href="allure/index.html"');
  expectNothingLeft(run.reports, owner);
});

test('kill -9 of the CLI: the next run stops what was left before it writes, and removes its temporary folder', async () => {
  const run = await startRun('killed-cli');
  running.push(run);
  await run.firstPass;
  const owner = lockOf(run.reports);
  run.child.kill('SIGKILL');
  await run.exited;
  // Playwright sits in its own process group: it outlives the CLI, still writing into the folder.
  expect(runTree(owner.runId).length).toBeGreaterThan(0);
  const next = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'bin', 'authcanary.js'), 'run', '--no-allure', '--reports', run.reports],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A target that is down: the next run takes the folder over, then stops at its preflight (exit 3).
      env: {
        ...process.env,
        AUTH_ENV: 'local',
        JWT_SECRET_LOCAL: randomBytes(32).toString('base64url'),
        REFERENCE_TARGET: 'none',
        TARGET_BASE_URL: 'http://127.0.0.1:9',
        HTTP_RETRIES: '0',
        CI: '',
      },
    },
  );
  let output = '';
  next.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  next.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => next.on('exit', resolve));
  expect(code, output).toBe(3);
  expectNothingLeft(run.reports, owner);
  // The folder holds the next run's result, not the killed run's.
  expect(summaryOf(run.reports).checks.map((check) => check.id)).toEqual(['preflight']);
});
