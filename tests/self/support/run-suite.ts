import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReference, type ReferenceTarget } from '../../../reference/start';
import { PROJECT_ROOT, REPORTS_DIR } from '../../../helpers/env/paths';
import type { RunSummary } from '../../../helpers/report/summary';
import { SUITE_PROJECT, type FaultCase } from '../cases/types';

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly output: string;
  /** The secret both sides were given (for the leak scan). */
  readonly secret: string;
}

export interface SuiteRun extends CliRun {
  readonly summary: RunSummary | undefined;
  readonly reportsDir: string;
}

/**
 * Starts a second instance of the reference target (in-process, own port, own random secret, the row's faults)
 * and runs the authcanary CLI against it as a user would: env/local.env with the target URL and secret exported.
 */
async function withFaultedTarget<T>(
  row: FaultCase,
  use: (target: ReferenceTarget, env: NodeJS.ProcessEnv, secret: string) => Promise<T>,
  override: (target: ReferenceTarget) => Record<string, string> = () => ({}),
): Promise<T> {
  const secret = row.env?.['JWT_SECRET_LOCAL'] ?? randomBytes(32).toString('base64url');
  const shared = { APP_ENV: 'local', JWT_SECRET_LOCAL: secret, ...row.env };
  const target = await startReference({ env: { ...shared, ...row.targetEnv, REFERENCE_FAULTS: row.fault }, port: 0 });
  try {
    // REFERENCE_PORT: an env file's ${REFERENCE_PORT} references resolve to this instance, and no embedded target starts.
    const declared =
      row.declareTargetFingerprint && target.secrets.api
        ? { TARGET_SECRET_FINGERPRINT: target.secrets.api.fingerprint }
        : {};
    return await use(
      target,
      {
        ...process.env,
        ...shared,
        ...row.harnessEnv,
        ...declared,
        AUTH_ENV: 'local',
        REFERENCE_PORT: String(target.port),
        REFERENCE_TARGET: 'none',
        TARGET_BASE_URL: target.url,
        CI: '',
        ...override(target),
      },
      secret,
    );
  } finally {
    await target.close();
  }
}

/** Runs the row's suite, or every suite with `allSuites`. */
export function runSuiteAgainstReference(
  row: FaultCase,
  options: {
    name: string;
    allure?: boolean;
    allSuites?: boolean;
    /** More Playwright arguments after `--` (e.g. a flag the CLI must refuse). */
    playwrightArgs?: readonly string[];
    /** Variables set last, over the target's own (e.g. a URL with credentials in it). */
    env?: (target: ReferenceTarget) => Record<string, string>;
  },
): Promise<SuiteRun> {
  const reportsDir = join(REPORTS_DIR, 'self', options.name);
  return withFaultedTarget(
    row,
    async (_target, env, secret) => {
      const passthrough = [
        ...(options.allSuites ? [] : ['--project', SUITE_PROJECT[row.suite]]),
        ...(options.playwrightArgs ?? []),
      ];
      // Warnings count here (some faults are standards deviations) and no team baseline applies.
      const args = [
        'run',
        '--fail-on',
        'warning',
        '--baseline',
        'none',
        '--reports',
        reportsDir,
        ...(options.allure ? [] : ['--no-allure']),
        ...(passthrough.length > 0 ? ['--', ...passthrough] : []),
      ];
      const result = await cli(args, env);
      const summaryFile = join(reportsDir, 'summary.json');
      const summary = existsSync(summaryFile)
        ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary)
        : undefined;
      return { ...result, summary, reportsDir, secret };
    },
    options.env,
  );
}

/**
 * `authcanary doctor --json` against the faulted target. In args, `{minted}` is a token from `authcanary mint`,
 * `{minted-standard-base64}` the same with its segments re-encoded in standard base64 (a client-side encoding bug).
 */
export function runDoctorAgainstReference(row: FaultCase, args: readonly string[]): Promise<CliRun> {
  return withFaultedTarget(row, async (_target, env, secret) => {
    const minted = args.some((arg) => arg.includes('{minted')) ? (await cli(['mint'], env)).stdout.trim() : '';
    const standard = minted
      .split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('base64'))
      .join('.');
    const filled = args.map((arg) =>
      arg.replaceAll('{minted-standard-base64}', standard).replaceAll('{minted}', minted),
    );
    return { ...(await cli(['doctor', '--json', ...filled], env)), secret };
  });
}

/** Codes carried by failed checks (of one Playwright project, if named), in order of appearance. */
export function failureCodes(summary: RunSummary | undefined, project?: string): string[] {
  return (summary?.checks ?? [])
    .filter((check) => check.status === 'failed' && (project === undefined || check.project === project))
    .flatMap((check) => check.diagnoses.map((entry) => entry.code));
}

export function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number; stdout: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'authcanary.js'), ...args], {
      env,
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), (output += chunk.toString())));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ exitCode: code ?? 1, stdout, output }));
  });
}
