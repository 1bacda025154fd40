import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { WORKSPACE_ROOT } from './helpers/env/paths';
import { REFERENCE_PORT_VARIABLE } from './helpers/env/reference-port';
import { processEnv } from './helpers/env/process-env';
import { processHarness } from './helpers/harness';
import { allureCategories } from './helpers/report/allure-categories';
import { reportsDir } from './helpers/report/reports-dir';
import { SUITE_PROJECTS } from './helpers/report/suite-projects';
import type { SummaryReporterOptions } from './reporters/summary-reporter';

/**
 * The product: auth suites against the target the selected env file describes (AUTH_ENV, default local).
 * `authcanary run` validates the env (and the secret chain) before it gets here; the harness checks them again.
 * The embedded reference target's port is only known once it has started, so it is deferred here and
 * read by the workers (Playwright exports the named group REFERENCE_PORT to them).
 */
// A failing test's "error context" embeds an ARIA snapshot of the open page, and that snapshot prints the value of a
// password field (seen: `textbox "Password": <value>`). It is switched off, like traces; workers inherit this setting.
process.env['PLAYWRIGHT_NO_COPY_PROMPT'] = '1';

const variables = processEnv();
const reports = reportsDir(variables);
// The run's harness, built once in this process; a worker's fixtures reuse the one its own import of this file built.
const { config: target, variables: merged, secrets } = await processHarness();
const embedded = target.target.reference === 'embedded' && variables[REFERENCE_PORT_VARIABLE] === undefined;
const secret = { source: secrets.source, fingerprint: secrets.fingerprint };
const shownUrl = (url: string) => (embedded ? url.replace(/:0(?=\/|$)/, ':<embedded>') : url);

const userTests = merged['USER_TESTS_DIR'];

const summary: SummaryReporterOptions = {
  outputFile: `${reports}/summary.json`,
  env: target.envName,
  target: { baseUrl: shownUrl(target.target.baseUrl), authUrl: shownUrl(target.target.authUrl) },
  secret,
  // Set by `authcanary run --baseline FILE --fail-on warning` (validated there before Playwright starts).
  baselineFile: variables['AUTHCANARY_BASELINE'] || undefined,
  failOn: variables['AUTHCANARY_FAIL_ON'] === 'warning' ? 'warning' : 'error',
  notRun: variables['AUTHCANARY_SUITES_NOT_RUN'] ? JSON.parse(variables['AUTHCANARY_SUITES_NOT_RUN']) : undefined,
};

export default defineConfig({
  testDir: 'tests',
  outputDir: `${reports}/test-results`,
  timeout: 30_000,
  fullyParallel: false,
  // Two workers, and at most one per suite (each project's `workers: 1`): within a suite the checks run one after
  // another, as before; the browser suite (the longest: it drives Chromium) runs beside the other suites instead of
  // after them, and a worker's start (one per suite) overlaps another suite's checks. Each worker logs in once for its
  // own witness token (harness.issuedToken). `authcanary run -- --workers 1` runs the suites one after another
  // (a target whose logout ends every session of the user needs it). Measured: docs/timings.md.
  workers: 2,
  forbidOnly: !!variables['CI'],
  // Auth assertions are never retried: a 401 is an answer, not a flake. Network retries live in the HTTP client.
  retries: 0,
  reporter: [
    ['list'],
    ['html', { outputFolder: `${reports}/html`, open: 'never' }],
    [
      'allure-playwright',
      {
        resultsDir: `${reports}/allure-results`,
        detail: true,
        suiteTitle: false,
        environmentInfo: {
          env: target.envName,
          target: summary.target.baseUrl,
          auth: summary.target.authUrl,
          secret_source: secret.source,
          secret_fingerprint: secret.fingerprint,
          jwt_alg: target.jwt.alg,
        },
        categories: allureCategories(),
      },
    ],
    // Also writes junit.xml, from the summary: a JUnit failure is a check whose root cause fails the run.
    ['./reporters/summary-reporter.ts', summary],
  ],
  use: {
    // Playwright traces store headers and bodies in clear: none are kept.
    trace: 'off',
    video: 'off',
    screenshot: 'off',
    // A dead or hanging target must not hold a browser check for the whole test timeout: navigation and actions
    // give up well before it (a healthy target answers in milliseconds).
    navigationTimeout: 10_000,
    actionTimeout: 5_000,
  },
  // The browser suite is listed first so that it is the first to get a worker: the others share the second one.
  projects: [
    ...SUITE_PROJECTS.map((suite) => ({ ...suite, workers: 1 })),
    // A team's own specs (USER_TESTS_DIR in the env file, relative to its repository) run beside the built-in suites.
    ...(userTests ? [{ name: 'user', testDir: resolve(WORKSPACE_ROOT, userTests), workers: 1 }] : []),
  ],
  webServer: embedded
    ? {
        command: 'node --import tsx reference/main.ts',
        env: Object.fromEntries(
          Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
        ),
        wait: { stdout: /READY http=(?<reference_port>\d+)/ },
        stdout: 'ignore',
        stderr: 'pipe',
        timeout: 15_000,
        gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
      }
    : undefined,
});
