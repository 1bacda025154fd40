import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INSTALLED, PROJECT_ROOT, WORKSPACE_ROOT } from '../../helpers/env/paths';
import { probeTarget } from '../../helpers/http/probe-target';
import { evidencePreflight } from '../../helpers/evidence/evidence-preflight';
import { REPORTS_DIR_VARIABLE, reportsDir } from '../../helpers/report/reports-dir';
import { acquireRunLock, lockedByAnother } from '../../helpers/report/run-lock';
import { EXIT_CODES, type RunSummary } from '../../helpers/report/summary';
import { clearTargetDown } from '../../helpers/report/target-down-marker';
import { flag, type ParsedArgs } from '../args';
import { ConfigError, UsageError } from '../../helpers/errors/authcanary-error';
import { discoverProvider } from '../../helpers/oidc/discovery';
import { OidcError } from '../../helpers/oidc/oidc-error';
import { readBaseline } from '../../helpers/report/baseline';
import { baselinePath } from '../baseline-path';
import { PREFLIGHT_FILE, preflightFinding, rankFindings, type PreflightFinding } from '../../helpers/report/findings';
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
import { transformCacheDir } from '../transform-cache';
import { scrubTracesUnder } from '../../helpers/redact/scrub-trace';
import {
  interruptedSummary,
  preflightSummary,
  readSummary,
  removeStaleResults,
  writeSummary,
} from '../run-summary-file';
import { withCommandToken } from '../token-source';
import { EXIT_ON_SIGNAL, installInterrupt, type Interrupt } from '../interrupt';
import { RUN_ID_VARIABLE, killRun, newRunId } from '../../helpers/report/run-processes';
import { allureHistoryName } from '../../helpers/report/history';
import { writeJunit } from '../../helpers/report/junit';
import { dependencyPath } from '../dependency-path';
import {
  parseShard,
  planShard,
  previousDurations,
  readShardWeights,
  recordShardPlan,
  runFiles,
  type MeasuredDurations,
  type ShardSpec,
} from '../shard-files';

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
  --shard K/N runs one of N shards split by time, not by test count: the run's files (per project) are packed so each
  shard's estimated time is even, from the previous whole run's durations (--history DIR, where merge keeps them,
  else this reports folder's summary.json), else cli/shard-weights.json (measured), unknown files at the median.
  It prints "shard K/N: F files, estimated S s (plan from …)"; summary.json records the plan for merge.
  --trace on is allowed: every trace zip is rewritten scrubbed (secrets, passwords, credentials) when Playwright ends.
  Exit: 0 passed, 1 an auth finding fails the run, 2 configuration or usage error (nothing run),
  3 infrastructure: the target could not be tested; 130/143 interrupted (SIGINT/SIGTERM).`;

interface Validated {
  readonly harness: Harness;
  readonly failOn: 'error' | 'warning';
  readonly shard: (ShardSpec & { readonly weights: Record<string, number> | undefined }) | undefined;
  readonly baseline: string | undefined;
  readonly passthrough: readonly string[];
  readonly notRun: readonly SuiteNotRun[];
}

/** Validates, clears old results, checks the target answers, runs Playwright, generates Allure, prints a verdict. */
export async function runCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const reportsFlag = flag(args, 'reports');
  const reports = reportsDir({ ...variables, ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}) });
  const runId = newRunId();
  const interrupt = installInterrupt({
    runId,
    onSignal: (signal) => console.log(`authcanary: ${signal} received, stopping the run (finished checks are kept)`),
  });
  try {
    let validated: Validated | undefined;
    try {
      validated = await untilSignal(validate(args, variables), interrupt);
    } catch (error) {
      // Bad input writes nothing, but an earlier run's summary must not stay to be read as this run's result.
      if (!lockedByAnother(reports)) removeStaleResults(reports);
      throw error;
    }
    if (validated === undefined || interrupt.signal) return stoppedBeforeRun(interrupt);
    // The run's temporary files (browser profiles above all) live in one folder, removed whatever the outcome.
    const tmp = mkdtempSync(join(tmpdir(), 'authcanary-run-'));
    const lock = await acquireRunLock(reports, { runId, tmp }).catch((error: unknown) => {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    });
    try {
      // A shard plans from the previous whole run's durations, read before this run clears the folder.
      const measured = validated.shard
        ? previousDurations(reports, resolve(process.cwd(), flag(args, 'history') ?? join(reports, 'history')))
        : undefined;
      removeStaleResults(reports);
      clearTargetDown(reports);
      return await runLocked(args, variables, reports, reportsFlag, validated, { interrupt, tmp, measured });
    } finally {
      await killRun(runId);
      rmSync(tmp, { recursive: true, force: true });
      lock.release();
    }
  } finally {
    interrupt.dispose();
  }
}

/**
 * The config error a discovery document proves (issuer not identical, document missing or incomplete); undefined when
 * discovery is fine or could not be reached (the checks then report the infrastructure).
 */
async function discoveryRefusal(harness: Harness): Promise<ConfigError | undefined> {
  const http = harness.http({ retries: 0 });
  try {
    await discoverProvider(http, harness.config);
    return undefined;
  } catch (error) {
    if (!(error instanceof OidcError) || /answered (5\d\d|429)\b/.test(error.message)) return undefined;
    return new ConfigError(
      `OIDC_ISSUER does not match the provider: ${error.message}`,
      [{ file: harness.config.files.join(', '), key: 'OIDC_ISSUER', message: error.message }],
      error.hint,
    );
  } finally {
    await http.close();
  }
}

/** Resolves with the promise's value, or undefined as soon as a signal arrives. */
function untilSignal<T>(promise: Promise<T>, interrupt: Interrupt): Promise<T | undefined> {
  return Promise.race([promise, interrupt.signalled.then(() => undefined)]);
}

function stoppedBeforeRun(interrupt: Interrupt): number {
  const signal = interrupt.signal ?? 'SIGTERM';
  console.log(`authcanary INTERRUPTED (${signal}) before any check ran`);
  return EXIT_ON_SIGNAL[signal] ?? 143;
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
  const shardFlag = flag(args, 'shard');
  const shard = shardFlag === undefined ? undefined : { ...parseShard(shardFlag), weights: readShardWeights() };
  // The baseline is checked before anything runs: a bad file is exit 2, naming the file and the entry.
  const baseline = baselinePath(args);
  if (baseline !== undefined) readBaseline(baseline);
  // A suite that cannot run (no Chromium) is left out, said so now, and recorded as a finding: never a silent pass.
  let passthrough: readonly string[] = args.passthrough;
  const notRun: SuiteNotRun[] = [];
  // The team's own specs (USER_TESTS_DIR) stay in the run when the browser suite has to be left out.
  const selection = splitProjects(args.passthrough, harness.variables['USER_TESTS_DIR'] ? ['user'] : []);
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
  { interrupt, tmp, measured }: { interrupt: Interrupt; tmp: string; measured: MeasuredDurations | undefined },
): Promise<number> {
  const started = new Date();
  const { config, secrets } = harness;
  const secret = { source: secrets.source, fingerprint: secrets.fingerprint };
  const summaryFile = join(reports, 'summary.json');
  // Allure history (trend) and history.json live in --history DIR (default <reports>/history), kept across runs.
  const historyDir = resolve(process.cwd(), flag(args, 'history') ?? join(reports, 'history'));
  const label = variables['AUTHCANARY_RUN_LABEL'];
  /** A run stopped by a signal: what finished is kept, marked interrupted, on every report. */
  const stopped = (signal: NodeJS.Signals): number => {
    rmSync(join(reports, 'allure'), { recursive: true, force: true });
    const summary = interruptedSummary(readSummary(summaryFile), config, secret, started, signal);
    writeSummary(summaryFile, summary);
    writeJunit(join(reports, 'junit.xml'), summary);
    finishReports(reports, summary, historyDir, label);
    console.log(verdictLine(summary));
    console.log(`front page: ${join(reports, 'index.html')}`);
    return EXIT_ON_SIGNAL[signal] ?? 143;
  };
  const commandToken = await untilSignal(withCommandToken(config, variables), interrupt);
  if (commandToken === undefined || interrupt.signal) return stopped(interrupt.signal ?? 'SIGTERM');
  const runVariables = {
    ...variables,
    AUTHCANARY_SUITES_NOT_RUN: notRun.length ? JSON.stringify(notRun) : '',
    ...commandToken,
    AUTH_ENV: config.envName,
    AUTHCANARY_FAIL_ON: failOn,
    AUTHCANARY_BASELINE: baseline ?? '',
    ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}),
    [RUN_ID_VARIABLE]: process.env[RUN_ID_VARIABLE],
    TMPDIR: tmp,
    // Playwright keeps its compiled TypeScript under the temporary folder; the run's own folder is removed after the
    // run, so without this every process of every run would compile every spec and helper again (≈ 5 s of CPU).
    PLAYWRIGHT_TRANSFORM_CACHE_DIR: variables['PLAYWRIGHT_TRANSFORM_CACHE_DIR'] || transformCacheDir(),
  };
  console.log(`authcanary: env ${config.envName} (${config.files.join(', ')})`);
  console.log(
    `target: ${config.target.reference === 'embedded' ? 'embedded reference target (reference/)' : config.target.baseUrl}`,
  );
  console.log(formatResolution(secrets));

  // A target that cannot be tested stops the run here, in seconds, with one infra finding (not 40 coded failures).
  if (config.target.reference !== 'embedded') {
    const probe = await untilSignal(
      probeTarget(config, { timeoutMs: Math.min(config.http.timeoutMs, 5_000), retries: config.http.retries }),
      interrupt,
    );
    if (probe === undefined || interrupt.signal) return stopped(interrupt.signal ?? 'SIGTERM');
    if (!probe.up) {
      const summary = {
        ...preflightSummary(config, secret, probe.diagnosis),
        durationMs: Date.now() - started.getTime(),
      };
      writeSummary(summaryFile, summary);
      writeJunit(join(reports, 'junit.xml'), summary);
      finishReports(reports, summary, historyDir, label);
      console.log(`[${probe.diagnosis.code}] (infra) ${probe.diagnosis.summary}`);
      console.log(verdictLine(summary));
      return EXIT_CODES.infra;
    }
  }
  // The provider's discovery document, read once: an issuer that differs from OIDC_ISSUER (a trailing slash) is a
  // config error now (exit 2), not five red checks later.
  if (config.oauth?.issuer !== undefined && config.target.reference !== 'embedded') {
    const refused = await untilSignal(discoveryRefusal(harness), interrupt);
    if (interrupt.signal) return stopped(interrupt.signal);
    if (refused) throw refused;
  }
  // The API's deployed settings (TARGET_CONFIG_*): an unreadable source is exit 2, a drift is shown before the checks.
  const drift = await evidencePreflight(config, { resolution: secrets, variables, scrubber: harness.scrubber });
  if (drift) console.log(`[${drift.code}] (auth) ${drift.summary}`);
  // The summary reporter reads it beside summary.json: a root cause once, even when no check is refused by it.
  writePreflight(join(reports, PREFLIGHT_FILE), drift ? [preflightFinding(drift)] : []);
  console.log(describeBrowser(variables));
  if (baseline !== undefined) console.log(`baseline: ${baseline}`);
  // --shard K/N: the run's files split by estimated time (not Playwright's count), this shard's given as a test list.
  const planned = shard
    ? planShard(
        shard,
        runFiles(
          splitProjects(passthrough, harness.variables['USER_TESTS_DIR'] ? ['user'] : []).projects,
          harness.variables['USER_TESTS_DIR'],
        ),
        { measured, weights: shard.weights },
        tmp,
      )
    : undefined;
  if (planned) console.log(planned.line);

  // Allure's generator starts now and loads while the tests run; it generates once they are done.
  const allure = args.flags.has('no-allure')
    ? undefined
    : prepareAllure({
        resultsDirs: [join(reports, 'allure-results')],
        outputDir: join(reports, 'allure'),
        name: `authcanary ${config.envName}`,
        historyFile: join(historyDir, allureHistoryName(config.envName)),
      });
  const playwrightCli = dependencyPath('@playwright/test', 'cli.js');
  const { code } = await runPlaywright(
    process.execPath,
    [
      // Installed, the sources sit in node_modules, which Playwright does not compile: tsx loads them (workers inherit it).
      ...(INSTALLED ? ['--import', pathToFileURL(dependencyPath('tsx', 'dist/loader.mjs')).href] : []),
      playwrightCli,
      'test',
      '--config',
      join(PROJECT_ROOT, 'playwright.config.ts'),
      ...(planned?.playwrightArgs ?? []),
      ...passthrough,
    ],
    runVariables,
  );
  if (planned) recordShardPlan(summaryFile, planned.record);
  // Traces (--trace on) are rewritten scrubbed before anything reads them (Allure copies them next).
  scrubTracesUnder(reports, harness.scrubber);
  if (interrupt.signal) {
    allure?.cancel();
    return stopped(interrupt.signal);
  }

  if (allure) {
    console.log('authcanary: generating the Allure report');
    const allureCode = await allure.generate();
    if (interrupt.signal) return stopped(interrupt.signal);
    if (allureCode !== 0) {
      rmSync(join(reports, 'allure'), { recursive: true, force: true });
      console.log('authcanary: allure report generation failed (results kept in reports/allure-results)');
    }
  }

  const summary = readSummary(summaryFile);
  if (!summary) {
    console.log(`authcanary: no summary written (playwright exited ${code}); see the output above`);
    return code === 0 ? 1 : code;
  }
  finishReports(reports, summary, historyDir, label);
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
  const verdict = { passed: 'PASSED', failed: 'FAILED', infra: 'INFRA', config: 'CONFIG' }[summary.verdict] ?? 'FAILED';
  const head = summary.interrupted ? `INTERRUPTED (${summary.interruptedBy ?? 'signal'}) ${verdict}` : verdict;
  const kinds = Object.entries(summary.kindCounts ?? {})
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  const count = `${findings.length} root cause${findings.length === 1 ? '' : 's'}`;
  const why =
    summary.verdict === 'passed' && failed > 0 ? ' (the failed checks are warnings or known findings only)' : '';
  return `authcanary ${head} env=${summary.env}: ${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky} flaky${kinds ? ` [${kinds}]` : ''}${why}${findings.length ? ` — ${count}: ${causes}` : ''}${fixed ? ` — fixed: ${fixed}` : ''}`;
}

/** The preflight's findings for the summary reporter; none removes a previous run's file. */
function writePreflight(file: string, findings: readonly PreflightFinding[]): void {
  rmSync(file, { force: true });
  if (findings.length === 0) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(findings, null, 2)}\n`);
}

/**
 * Playwright in its own process group (a terminal's Ctrl-C reaches the CLI, which passes one SIGINT on: see
 * installInterrupt). Resolves when it has exited.
 */
function runPlaywright(
  command: string,
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number }> {
  const child = spawn(command, argv, { stdio: 'inherit', env, cwd: WORKSPACE_ROOT, detached: true });
  return new Promise((done) => {
    child.on('error', () => done({ code: 1 }));
    child.on('exit', (exitCode) => done({ code: exitCode ?? 1 }));
  });
}
