import { defineConfig } from '@playwright/test';

/**
 * The project's own tests: unit tests of the library and the self-test that proves every
 * reference-target fault is caught and diagnosed. The product's suites live in playwright.config.ts.
 */
export default defineConfig({
  testDir: 'tests',
  testMatch: ['unit/**/*.test.ts', 'interop/**/*.test.ts', 'self/**/*.test.ts', 'package/**/*.test.ts'],
  outputDir: 'reports/dev/test-results',
  fullyParallel: false,
  // Two workers on 2 cores: the self-tests mostly wait on their subprocesses (CLI, Playwright, Chromium), and every
  // test writes to its own reports folder. Measured: 372 tests in 6.2 min with 2 workers (load 9–14) against
  // 20.1 min with 1 (load 25); the sum of test times was 682 s, so the two workers overlapped 1.85×.
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: [['list'], ['./reporters/totals-line-reporter.ts']],
  use: { trace: 'off', video: 'off', screenshot: 'off' },
  globalSetup: './tests/self/support/global-setup.ts',
  globalTeardown: './tests/self/support/global-teardown.ts',
});
