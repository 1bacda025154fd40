import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import { PROJECT_ROOT, REPORTS_DIR } from '../../helpers/env/paths';
import type { RunSummary } from '../../helpers/report/summary';
import { startReference, type ReferenceTarget } from '../../reference/start';

/**
 * The CLI and Playwright end to end where the wiring is the point: a target killed mid-run turns the remaining checks
 * into infra/inconclusive (exit 3, no auth code), and SIGTERM stops the whole process tree and leaves a summary that
 * says the run was interrupted.
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

async function startRun(name: string): Promise<Started> {
  const secret = randomBytes(32).toString('base64url');
  const target = await startReference({ env: { APP_ENV: 'local', JWT_SECRET_LOCAL: secret }, port: 0 });
  const reports = join(REPORTS_DIR, 'self', name);
  rmSync(reports, { recursive: true, force: true });
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'bin', 'authcanary.js'), 'run', '--no-allure', '--reports', reports, '--', '--project', 'rest'],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        AUTH_ENV: 'local',
        JWT_SECRET_LOCAL: secret,
        REFERENCE_PORT: String(target.port),
        REFERENCE_TARGET: 'none',
        TARGET_BASE_URL: target.url,
        HTTP_TIMEOUT: '2s',
        CI: '',
      },
    },
  );
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

const summaryOf = (reports: string) => JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as RunSummary;

/** Every process below `pid` (children, grandchildren…), from ps. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [child, ppid] of rows)
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

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

test('SIGTERM stops the whole Playwright tree and leaves a summary that says interrupted', async () => {
  const run = await startRun('interrupted');
  running.push(run);
  await run.firstPass;
  const tree = descendants(run.child.pid as number);
  expect(tree.length).toBeGreaterThan(0);
  run.child.kill('SIGTERM');
  const code = await run.exited;
  expect(code, run.output()).toBe(143);
  expect(run.output()).toContain('authcanary INTERRUPTED (SIGTERM)');
  expect(existsSync(join(run.reports, 'summary.json'))).toBe(true);
  expect(summaryOf(run.reports).interrupted).toBe(true);
  expect(summaryOf(run.reports).verdict).not.toBe('passed');
  // The CLI waits for Playwright's process group and kills what is left: nothing of the tree survives it.
  await expect.poll(() => tree.filter(alive), { timeout: 3_000 }).toEqual([]);
});
