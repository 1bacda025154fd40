import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { REPORTS_DIR_VARIABLE, reportsDir } from '../../helpers/report/reports-dir';
import type { RunSummary } from '../../helpers/report/summary';
import { flag, type ParsedArgs } from '../args';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { readBaseline } from '../../helpers/report/baseline';
import { baselinePath } from '../baseline-path';
import { rankFindings } from '../../helpers/report/findings';
import { describeBrowser } from '../print-browser';
import { formatResolution } from '../print-secret';
import { commandHarness } from '../harness';
import { generateAllure } from '../allure';
import { BrowserNotFoundError } from '../../helpers/errors/authcanary-error';
import { browserOptionsFrom, resolveBrowser } from '../../helpers/browser/resolve-browser';
import type { SuiteNotRun } from '../../helpers/report/findings';
import { splitProjects, withProjects } from '../suite-selection';
import { finishReports } from '../finish-reports';
import { withCommandToken } from '../token-source';

export const RUN_HELP = `authcanary run [--env NAME] [--reports DIR] [--no-allure] [--baseline FILE] [--fail-on error|warning]
               [--shard K/N] [--history DIR] [-- playwright args]
  Runs the auth suites against the target env/NAME.env describes (default: AUTH_ENV, else local).
  Reports (in reports/ or DIR): index.html (front page), html/, junit.xml, allure/ (+ allure-results/),
  summary.json; history/ (history.json and Allure's trend; --history DIR to keep it elsewhere) across runs.
  Failed checks are grouped into root causes (one per diagnosis code, N checks). Error findings fail the run;
  warnings fail it only with --fail-on warning; findings acknowledged in the baseline (default
  ./authcanary-baseline.json when it exists) are "known" and do not fail it, unless their date has passed.
  Exit: 0 passed, 1 a finding fails the run, 2 configuration or usage error (nothing run).`;

/** Validates, clears old results, runs Playwright, generates Allure HTML, prints a one-line verdict. */
export async function runCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const { config, secrets } = await commandHarness(variables, flag(args, 'env'));
  const reportsFlag = flag(args, 'reports');
  const failOn = flag(args, 'fail-on') ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning')
    throw new UsageError(
      `--fail-on ${failOn}: expected error or warning`,
      'write --fail-on warning to fail on warnings too',
    );
  const shard = flag(args, 'shard');
  if (shard !== undefined && !/^\d+\/\d+$/.test(shard))
    throw new UsageError(`--shard ${shard}: expected K/N, e.g. 1/2`, 'write --shard 1/2');
  // The baseline is checked before anything runs: a bad file is exit 2, naming the file and the entry.
  const baseline = baselinePath(args);
  if (baseline !== undefined) readBaseline(baseline);
  // A suite that cannot run (no Chromium) is left out, said so now, and recorded as a finding: never a silent pass.
  let passthrough: readonly string[] = args.passthrough;
  const notRun: SuiteNotRun[] = [];
  const selection = splitProjects(args.passthrough);
  if (selection.projects.includes('browser')) {
    try {
      resolveBrowser(browserOptionsFrom(variables));
    } catch (error) {
      if (!(error instanceof BrowserNotFoundError)) throw error;
      const remaining = selection.projects.filter((project) => project !== 'browser');
      if (remaining.length === 0) throw error;
      notRun.push({
        suite: 'browser',
        code: 'AC_BROWSER_NOT_FOUND',
        reason: `${error.message}; to run it: ${error.hint}`,
      });
      passthrough = withProjects(remaining, selection.others);
    }
  }
  const runVariables = {
    ...variables,
    AUTHCANARY_SUITES_NOT_RUN: notRun.length ? JSON.stringify(notRun) : '',
    ...(await withCommandToken(config, variables)),
    AUTH_ENV: config.envName,
    AUTHCANARY_FAIL_ON: failOn,
    AUTHCANARY_BASELINE: baseline ?? '',
    ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}),
  };
  const reports = reportsDir(runVariables);
  console.log(`authcanary: env ${config.envName} (${config.files.join(', ')})`);
  console.log(
    `target: ${config.target.reference === 'embedded' ? 'embedded reference target (reference/)' : config.target.baseUrl}`,
  );
  console.log(formatResolution(secrets));
  console.log(describeBrowser(variables));
  if (baseline !== undefined) console.log(`baseline: ${baseline}`);

  // Allure 3 does not clear its results folder between runs; a stale summary must not be read as this run's.
  rmSync(join(reports, 'allure-results'), { recursive: true, force: true });
  rmSync(join(reports, 'summary.json'), { force: true });
  rmSync(join(reports, 'allure'), { recursive: true, force: true });

  const playwrightCli = join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const code = await spawnInherit(
    process.execPath,
    [
      playwrightCli,
      'test',
      '--config',
      join(PROJECT_ROOT, 'playwright.config.ts'),
      ...(shard ? [`--shard=${shard}`] : []),
      ...passthrough,
    ],
    runVariables,
  );

  // Allure history (trend) and history.json live in --history DIR (default <reports>/history), kept across runs.
  const historyDir = resolve(process.cwd(), flag(args, 'history') ?? join(reports, 'history'));
  if (!args.flags.has('no-allure')) {
    const allureCode = await generateAllure({
      resultsDirs: [join(reports, 'allure-results')],
      outputDir: join(reports, 'allure'),
      name: `authcanary ${config.envName}`,
      historyFile: join(historyDir, 'allure-history.jsonl'),
    });
    if (allureCode !== 0)
      console.log('authcanary: allure report generation failed (results kept in reports/allure-results)');
  }

  const summaryFile = join(reports, 'summary.json');
  if (!existsSync(summaryFile)) {
    console.log(`authcanary: no summary written (playwright exited ${code}); see the output above`);
    return code === 0 ? 1 : code;
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary;
  finishReports(reports, summary, historyDir, variables['AUTHCANARY_RUN_LABEL']);
  console.log(verdictLine(summary));
  console.log(`front page: ${join(reports, 'index.html')}`);
  // Failed checks whose root causes are all warnings or known findings do not fail the run: the summary decides.
  return summary.verdict === 'passed' ? 0 : 1;
}

/**
 * The terminal verdict: totals, then root causes ranked (errors first, then by how many checks each explains),
 * each with its severity and baseline status; fixed acknowledgments last.
 */
export function verdictLine(summary: RunSummary): string {
  const { passed, failed, skipped, flaky } = summary.totals;
  const findings = rankFindings(summary.findings ?? []);
  const causes = findings
    .map((finding) => `${finding.code} (${finding.severity}, ${finding.status ?? 'new'}) ×${finding.checks}`)
    .join('; ');
  const fixed = (summary.fixed ?? []).map((entry) => entry.code).join(', ');
  const head = summary.verdict === 'passed' ? 'PASSED' : 'FAILED';
  const count = `${findings.length} root cause${findings.length === 1 ? '' : 's'}`;
  const why =
    summary.verdict === 'passed' && failed > 0 ? ' (the failed checks are warnings or known findings only)' : '';
  return `authcanary ${head} env=${summary.env}: ${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky} flaky${why}${findings.length ? ` — ${count}: ${causes}` : ''}${fixed ? ` — fixed: ${fixed}` : ''}`;
}

function spawnInherit(command: string, argv: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: 'inherit', env, cwd: PROJECT_ROOT });
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
}
