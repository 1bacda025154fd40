import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { probeTarget } from '../../helpers/http/probe-target';
import { REPORTS_DIR_VARIABLE, reportsDir } from '../../helpers/report/reports-dir';
import { acquireRunLock, lockedByAnother } from '../../helpers/report/run-lock';
import { EXIT_CODES, type RunSummary } from '../../helpers/report/summary';
import { clearTargetDown } from '../../helpers/report/target-down-marker';
import { flag, type ParsedArgs } from '../args';
import { describeBrowser } from '../print-browser';
import { formatResolution } from '../print-secret';
import type { Harness } from '../../helpers/harness';
import { commandHarness } from '../harness';
import { refuseRecordingFlags } from '../refuse-trace';
import {
  interruptedSummary,
  preflightSummary,
  readSummary,
  removeStaleResults,
  writeSummary,
} from '../run-summary-file';

export const RUN_HELP = `authcanary run [--env NAME] [--reports DIR] [--no-allure] [-- playwright args]
  Runs the auth suites against the target env/NAME.env describes (default: AUTH_ENV, else local).
  Reports (in reports/ or DIR): html/, junit.xml, allure/ (+ allure-results/), summary.json.
  One run at a time per reports folder (a second one stops with exit 2; give it --reports DIR).
  A target that is unreachable or answers 5xx/429 before any check stops the run at once (exit 3).
  Exit: 0 all checks passed, 1 an auth check failed, 2 configuration or usage error (nothing run),
  3 infrastructure: the target could not be tested. 130/143 interrupted (SIGINT/SIGTERM).`;

/** Validates, clears old results, checks the target answers, runs Playwright, generates Allure, prints a verdict. */
export async function runCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  refuseRecordingFlags(args.passthrough);
  const reportsFlag = flag(args, 'reports');
  const reports = reportsDir({ ...variables, ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}) });
  let checked: Harness;
  try {
    checked = await commandHarness(variables, flag(args, 'env'));
  } catch (error) {
    // Bad input writes nothing, but an earlier run's summary must not stay to be read as this run's result.
    if (!lockedByAnother(reports)) removeStaleResults(reports);
    throw error;
  }
  const lock = acquireRunLock(reports);
  try {
    removeStaleResults(reports);
    clearTargetDown(reports);
    return await runLocked(args, variables, reports, reportsFlag, checked);
  } finally {
    lock.release();
  }
}

async function runLocked(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
  reports: string,
  reportsFlag: string | undefined,
  { config, secrets }: Harness,
): Promise<number> {
  const started = new Date();
  const secret = { source: secrets.source, fingerprint: secrets.fingerprint };
  const runVariables = {
    ...variables,
    AUTH_ENV: config.envName,
    ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}),
  };
  const summaryFile = join(reports, 'summary.json');
  console.log(`authcanary: env ${config.envName} (${config.files.join(', ')})`);
  console.log(
    `target: ${config.target.reference === 'embedded' ? 'embedded reference target (reference/)' : config.target.baseUrl}`,
  );
  console.log(formatResolution(secrets));

  if (config.target.reference !== 'embedded') {
    const probe = await probeTarget(config, {
      timeoutMs: Math.min(config.http.timeoutMs, 5_000),
      retries: config.http.retries,
    });
    if (!probe.up) {
      const summary = preflightSummary(config, secret, probe.diagnosis);
      writeSummary(summaryFile, { ...summary, durationMs: Date.now() - started.getTime() });
      console.log(`[${probe.diagnosis.code}] (infra) ${probe.diagnosis.summary}`);
      console.log(verdictLine(summary));
      return EXIT_CODES.infra;
    }
  }
  console.log(describeBrowser(variables));

  const playwrightCli = join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const run = spawnGroup(
    process.execPath,
    [playwrightCli, 'test', '--config', join(PROJECT_ROOT, 'playwright.config.ts'), ...args.passthrough],
    runVariables,
  );
  const { code, signal } = await run.exited;
  if (signal) {
    const summary = interruptedSummary(readSummary(summaryFile), config, secret, started);
    writeSummary(summaryFile, summary);
    console.log(`authcanary INTERRUPTED (${signal}) env=${config.envName}: ${verdictLine(summary)}`);
    return signal === 'SIGINT' ? 130 : 143;
  }

  if (!args.flags.has('no-allure')) {
    const allureCli = join(PROJECT_ROOT, 'node_modules', 'allure', 'cli.js');
    const allureCode = await spawnQuiet(process.execPath, [
      allureCli,
      'generate',
      join(reports, 'allure-results'),
      '--output',
      join(reports, 'allure'),
      '--name',
      `authcanary ${config.envName}`,
    ]);
    if (allureCode !== 0)
      console.log('authcanary: allure report generation failed (results kept in reports/allure-results)');
  }

  const summary = readSummary(summaryFile);
  if (!summary) {
    console.log(`authcanary: no summary written (playwright exited ${code}); see the output above`);
    return code === 0 ? 1 : code;
  }
  console.log(verdictLine(summary));
  if (summary.verdict === 'passed' && code !== 0) return 1;
  return EXIT_CODES[summary.verdict];
}

export function verdictLine(summary: RunSummary): string {
  const { passed, failed, skipped, flaky } = summary.totals;
  const codes = Object.entries(summary.diagnosisCounts)
    .map(([code, count]) => `${code}×${count}`)
    .join(' ');
  const head = { passed: 'PASSED', failed: 'FAILED', infra: 'INFRA', config: 'CONFIG' }[summary.verdict] ?? 'FAILED';
  const kinds = Object.entries(summary.kindCounts ?? {})
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  return `authcanary ${head} env=${summary.env}: ${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky} flaky${kinds ? ` [${kinds}]` : ''}${codes ? ` — ${codes}` : ''} `;
}

/**
 * Playwright in its own process group, so that SIGINT/SIGTERM to the CLI stop the whole tree (workers, the web
 * server, Chromium) rather than orphaning it: the signal is forwarded to the group, and SIGKILL follows after 5 s.
 */
function spawnGroup(
  command: string,
  argv: string[],
  env: Record<string, string | undefined>,
): { child: ChildProcess; exited: Promise<{ code: number; signal: NodeJS.Signals | undefined }> } {
  const child = spawn(command, argv, { stdio: 'inherit', env, cwd: PROJECT_ROOT, detached: true });
  let received: NodeJS.Signals | undefined;
  const forward = (signal: NodeJS.Signals) => {
    received ??= signal;
    killGroup(child, 'SIGTERM');
    setTimeout(() => killGroup(child, 'SIGKILL'), 5_000).unref();
  };
  const onInt = () => forward('SIGINT');
  const onTerm = () => forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const exited = new Promise<{ code: number; signal: NodeJS.Signals | undefined }>((resolve) => {
    child.on('exit', (exitCode, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      // The group's leader is gone; anything it left behind goes too.
      killGroup(child, 'SIGKILL');
      resolve({ code: exitCode ?? 1, signal: received ?? (signal ? signal : undefined) });
    });
  });
  return { child, exited };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function spawnQuiet(command: string, argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: 'ignore', cwd: PROJECT_ROOT });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
}
