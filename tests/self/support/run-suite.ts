import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReference } from '../../../reference/start';
import { PROJECT_ROOT, REPORTS_DIR } from '../../../helpers/env/paths';
import type { RunSummary } from '../../../helpers/report/summary';
import { SUITE_PROJECT, type FaultCase } from '../cases/types';

export interface SuiteRun {
  readonly exitCode: number;
  readonly output: string;
  readonly summary: RunSummary | undefined;
  readonly reportsDir: string;
  /** The secret both sides were given (for the leak scan). */
  readonly secret: string;
}

/**
 * Starts a second instance of the reference target (in-process, own port, own random secret, the case's faults)
 * and runs `authcanary run` against it as a user would: env/local.env with the target URL and secret exported.
 */
export async function runSuiteAgainstReference(row: FaultCase, options: { name: string; allure?: boolean }): Promise<SuiteRun> {
  const secret = row.env?.['JWT_SECRET_LOCAL'] ?? randomBytes(32).toString('base64url');
  const shared = { APP_ENV: 'local', JWT_SECRET_LOCAL: secret, ...row.env };
  const target = await startReference({ env: { ...shared, ...row.targetEnv, REFERENCE_FAULTS: row.fault }, port: 0 });
  const reportsDir = join(REPORTS_DIR, 'self', options.name);
  try {
    const env = {
      ...process.env,
      ...shared,
      ...row.harnessEnv,
      AUTH_ENV: 'local',
      REFERENCE_TARGET: 'none',
      TARGET_BASE_URL: target.url,
      CI: '',
    };
    const args = [join(PROJECT_ROOT, 'bin', 'authcanary.js'), 'run', '--reports', reportsDir, ...(options.allure ? [] : ['--no-allure']), '--', '--project', SUITE_PROJECT[row.suite]];
    const { exitCode, output } = await run(process.execPath, args, env);
    const summaryFile = join(reportsDir, 'summary.json');
    const summary = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary) : undefined;
    return { exitCode, output, summary, reportsDir, secret };
  } finally {
    await target.close();
  }
}

/** Codes carried by failed checks, in order of appearance. */
export function failureCodes(summary: RunSummary | undefined): string[] {
  return (summary?.checks ?? []).filter((check) => check.status === 'failed').flatMap((check) => check.diagnoses.map((entry) => entry.code));
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ exitCode: code ?? 1, output }));
  });
}
