import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { probeTarget } from '../../helpers/http/probe-target';
import { REPORTS_DIR_VARIABLE, reportsDir } from '../../helpers/report/reports-dir';
import { acquireRunLock, lockedByAnother } from '../../helpers/report/run-lock';
import { EXIT_CODES, type RunSummary } from '../../helpers/report/summary';
import { clearTargetDown } from '../../helpers/report/target-down-marker';
import { flag, type ParsedArgs } from '../args';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { readBaseline } from '../../helpers/report/baseline';
import { baselinePath } from '../baseline-path';
import { rankFindings } from '../../helpers/report/findings';
import { describeBrowser } from '../print-browser';
import { formatResolution } from '../print-secret';
import type { Harness } from '../../helpers/harness';
import { commandHarness } from '../harness';
import { prepareAllure } from '../allure';
import { BrowserNotFoundError } from '../../helpers/errors/authcanary-error';
import { browserOptionsFrom, resolveBrowser } from '../../helpers/browser/resolve-browser';
import type { SuiteNotRun } from '../../helpers/report/findings';
import { splitProjects, withProjects } from '../suite-selection';
import { finishReports } from '../finish-reports';
import { refuseRecordingFlags } from '../refuse-trace';
import {
  interruptedSummary,
  preflightSummary,
  readSummary,
  removeStaleResults,
  writeSummary,
} from '../run-summary-file';
import { withCommandToken } from '../token-source';

export const RUN_HELP = `authcanary run [--env NAME] [--reports DIR] [--no-allure] [--baseline FILE] [--fail-on error|warning]
               [--shard K/N] [--history DIR] [-- playwright args]
  Runs the auth suites against the target env/NAME.env describes (default: AUTH_ENV, else local).
  Reports (in reports/ or DIR): index.html (front page), html/, junit.xml, allure/ (+ allure-results/),
  summary.json; history/ (history.json and Allure's trend; --history DIR to keep it elsewhere) across runs.
  Failed checks are grouped into root causes (one per diagnosis code, N checks). Error findings fail the run;
  warnings fail it only with --fail-on warning; findings acknowledged in the baseline (default
  ./authcanary-baseline.json when it exists) are "known" and do not fail it, unless their date has passed.
  One run at a time per reports folder (a second one stops with exit 2; give it --reports DIR).
  A target that is unreachable or answers 5xx/429 before any check stops the run at once (exit 3).
  --trace (other than off) is refused: Playwright traces record passwords and tokens in clear.
  Exit: 0 passed, 1 an auth finding fails the run, 2 configuration or usage error (nothing run),
  3 infrastructure: the target could not be tested; 130/143 interrupted (SIGINT/SIGTERM).`;

interface Validated {
  readonly harness: Harness;
  readonly failOn: 'error' | 'warning';
  readonly shard: string | undefined;
  readonly baseline: string | undefined;
  readonly passthrough: readonly string[];
  readonly notRun: readonly SuiteNotRun[];
}

/** Validates, clears old results, checks the target answers, runs Playwright, generates Allure, prints a verdict. */
export async function runCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  refuseRecordingFlags(args.passthrough);
  const reportsFlag = flag(args, 'reports');
  const reports = reportsDir({ ...variables, ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}) });
  let validated: Validated;
  try {
    validated = await validate(args, variables);
  } catch (error) {
    // Bad input writes nothing, but an earlier run's summary must not stay to be read as this run's result.
    if (!lockedByAnother(reports)) removeStaleResults(reports);
    throw error;
  }
  const lock = acquireRunLock(reports);
  try {
    removeStaleResults(reports);
    clearTargetDown(reports);
    return await runLocked(args, variables, reports, reportsFlag, validated);
  } finally {
    lock.release();
  }
}

/** Everything that can be wrong before a request is sent: env, secret, flags, baseline file, the browser. */
async function validate(args: ParsedArgs, variables: Readonly<Record<string, string | undefined>>): Promise<Validated> {
  const harness = await commandHarness(variables, flag(args, 'env'));
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
  return { harness, failOn, shard, baseline, passthrough, notRun };
}

async function runLocked(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
  reports: string,
  reportsFlag: string | undefined,
  { harness, failOn, shard, baseline, passthrough, notRun }: Validated,
): Promise<number> {
  const started = new Date();
  const { config, secrets } = harness;
  const secret = { source: secrets.source, fingerprint: secrets.fingerprint };
  const runVariables = {
    ...variables,
    AUTHCANARY_SUITES_NOT_RUN: notRun.length ? JSON.stringify(notRun) : '',
    ...(await withCommandToken(config, variables)),
    AUTH_ENV: config.envName,
    AUTHCANARY_FAIL_ON: failOn,
    AUTHCANARY_BASELINE: baseline ?? '',
    ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}),
  };
  const summaryFile = join(reports, 'summary.json');
  // Allure history (trend) and history.json live in --history DIR (default <reports>/history), kept across runs.
  const historyDir = resolve(process.cwd(), flag(args, 'history') ?? join(reports, 'history'));
  console.log(`authcanary: env ${config.envName} (${config.files.join(', ')})`);
  console.log(
    `target: ${config.target.reference === 'embedded' ? 'embedded reference target (reference/)' : config.target.baseUrl}`,
  );
  console.log(formatResolution(secrets));

  // A target that cannot be tested stops the run here, in seconds, with one infra finding (not 40 coded failures).
  if (config.target.reference !== 'embedded') {
    const probe = await probeTarget(config, {
      timeoutMs: Math.min(config.http.timeoutMs, 5_000),
      retries: config.http.retries,
    });
    if (!probe.up) {
      const summary = {
        ...preflightSummary(config, secret, probe.diagnosis),
        durationMs: Date.now() - started.getTime(),
      };
      writeSummary(summaryFile, summary);
      finishReports(reports, summary, historyDir, variables['AUTHCANARY_RUN_LABEL']);
      console.log(`[${probe.diagnosis.code}] (infra) ${probe.diagnosis.summary}`);
      console.log(verdictLine(summary));
      return EXIT_CODES.infra;
    }
  }
  console.log(describeBrowser(variables));
  if (baseline !== undefined) console.log(`baseline: ${baseline}`);

  // Allure's generator starts now and loads while the tests run; it generates once they are done.
  const allure = args.flags.has('no-allure')
    ? undefined
    : prepareAllure({
        resultsDirs: [join(reports, 'allure-results')],
        outputDir: join(reports, 'allure'),
        name: `authcanary ${config.envName}`,
        historyFile: join(historyDir, 'allure-history.jsonl'),
      });
  const playwrightCli = join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const run = spawnGroup(
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
  const { code, signal } = await run.exited;
  if (signal) {
    allure?.cancel();
    const summary = interruptedSummary(readSummary(summaryFile), config, secret, started);
    writeSummary(summaryFile, summary);
    console.log(`authcanary INTERRUPTED (${signal}) env=${config.envName}: ${verdictLine(summary)}`);
    return signal === 'SIGINT' ? 130 : 143;
  }

  if (allure) {
    const allureCode = await allure.generate();
    if (allureCode !== 0)
      console.log('authcanary: allure report generation failed (results kept in reports/allure-results)');
  }

  const summary = readSummary(summaryFile);
  if (!summary) {
    console.log(`authcanary: no summary written (playwright exited ${code}); see the output above`);
    return code === 0 ? 1 : code;
  }
  finishReports(reports, summary, historyDir, variables['AUTHCANARY_RUN_LABEL']);
  console.log(verdictLine(summary));
  console.log(`front page: ${join(reports, 'index.html')}`);
  // Failed checks whose root causes are all warnings or known findings do not fail the run: the summary decides.
  return EXIT_CODES[summary.verdict] ?? 1;
}

/**
 * The terminal verdict: totals, the verdict kinds of the failed checks, then root causes ranked (errors first, then
 * by how many checks each explains), each with its severity and baseline status; fixed acknowledgments last.
 */
export function verdictLine(summary: RunSummary): string {
  const { passed, failed, skipped, flaky } = summary.totals;
  const findings = rankFindings(summary.findings ?? []);
  const causes = findings
    .map((finding) => `${finding.code} (${finding.severity}, ${finding.status ?? 'new'}) ×${finding.checks}`)
    .join('; ');
  const fixed = (summary.fixed ?? []).map((entry) => entry.code).join(', ');
  const head = { passed: 'PASSED', failed: 'FAILED', infra: 'INFRA', config: 'CONFIG' }[summary.verdict] ?? 'FAILED';
  const kinds = Object.entries(summary.kindCounts ?? {})
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  const count = `${findings.length} root cause${findings.length === 1 ? '' : 's'}`;
  const why =
    summary.verdict === 'passed' && failed > 0 ? ' (the failed checks are warnings or known findings only)' : '';
  return `authcanary ${head} env=${summary.env}: ${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky} flaky${kinds ? ` [${kinds}]` : ''}${why}${findings.length ? ` — ${count}: ${causes}` : ''}${fixed ? ` — fixed: ${fixed}` : ''}`;
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
  const exited = new Promise<{ code: number; signal: NodeJS.Signals | undefined }>((done) => {
    child.on('exit', (exitCode, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      // The group's leader is gone; anything it left behind goes too.
      killGroup(child, 'SIGKILL');
      done({ code: exitCode ?? 1, signal: received ?? (signal ? signal : undefined) });
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
