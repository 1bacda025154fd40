import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { REPORTS_DIR_VARIABLE, reportsDir } from '../../helpers/report/reports-dir';
import type { RunSummary } from '../../helpers/report/summary';
import { flag, type ParsedArgs } from '../args';
import { describeBrowser } from '../print-browser';
import { formatResolution } from '../print-secret';
import { commandHarness } from '../harness';
import { withCommandToken } from '../token-source';

export const RUN_HELP = `authcanary run [--env NAME] [--reports DIR] [--no-allure] [-- playwright args]
  Runs the auth suites against the target env/NAME.env describes (default: AUTH_ENV, else local).
  Reports (in reports/ or DIR): html/, junit.xml, allure/ (+ allure-results/), summary.json.
  Exit: 0 all checks passed, 1 a check failed, 2 configuration or usage error (nothing run).`;

/** Validates, clears old results, runs Playwright, generates Allure HTML, prints a one-line verdict. */
export async function runCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const { config, secrets } = await commandHarness(variables, flag(args, 'env'));
  const reportsFlag = flag(args, 'reports');
  const runVariables = {
    ...(await withCommandToken(config, variables)),
    AUTH_ENV: config.envName,
    ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}),
  };
  const reports = reportsDir(runVariables);
  console.log(`authcanary: env ${config.envName} (${config.files.join(', ')})`);
  console.log(
    `target: ${config.target.reference === 'embedded' ? 'embedded reference target (reference/)' : config.target.baseUrl}`,
  );
  console.log(formatResolution(secrets));
  console.log(describeBrowser(variables));

  // Allure 3 does not clear its results folder between runs; a stale summary must not be read as this run's.
  rmSync(join(reports, 'allure-results'), { recursive: true, force: true });
  rmSync(join(reports, 'summary.json'), { force: true });
  rmSync(join(reports, 'allure'), { recursive: true, force: true });

  const playwrightCli = join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const code = await spawnInherit(
    process.execPath,
    [playwrightCli, 'test', '--config', join(PROJECT_ROOT, 'playwright.config.ts'), ...args.passthrough],
    runVariables,
  );

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

  const summaryFile = join(reports, 'summary.json');
  if (!existsSync(summaryFile)) {
    console.log(`authcanary: no summary written (playwright exited ${code}); see the output above`);
    return code === 0 ? 1 : code;
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary;
  console.log(verdictLine(summary));
  return summary.verdict === 'passed' && code === 0 ? 0 : 1;
}

export function verdictLine(summary: RunSummary): string {
  const { passed, failed, skipped, flaky } = summary.totals;
  const codes = Object.entries(summary.diagnosisCounts)
    .map(([code, count]) => `${code}×${count}`)
    .join(' ');
  const head = summary.verdict === 'passed' ? 'PASSED' : 'FAILED';
  return `authcanary ${head} env=${summary.env}: ${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky} flaky${codes ? ` — ${codes}` : ''} `;
}

function spawnInherit(command: string, argv: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: 'inherit', env, cwd: PROJECT_ROOT });
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
}

function spawnQuiet(command: string, argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: 'ignore', cwd: PROJECT_ROOT });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
}
