import { defineConfig } from '@playwright/test';

/**
 * `npm test`, the project's own tests: the library's unit tests (most in process, a few through the CLI) and the
 * interop stacks built from real libraries on loopback. The end-to-end self-tests (whole-suite runs through the CLI,
 * signals, traces, the packed package) are `npm run test:e2e` (playwright.e2e.config.ts); CI runs both. The product's
 * suites live in playwright.config.ts.
 */
export default defineConfig({
  testDir: 'tests',
  testMatch: ['unit/**/*.test.ts', 'interop/**/*.test.ts'],
  outputDir: 'reports/dev/test-results',
  fullyParallel: false,
  // Two workers on 2 cores: many tests wait on subprocesses and loopback servers, and every test writes to its own
  // folder (measured in bench/times.ts: two workers overlapped 1.85× on this machine).
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: [['list'], ['./reporters/totals-line-reporter.ts']],
  use: { trace: 'off', video: 'off', screenshot: 'off' },
});
