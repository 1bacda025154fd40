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
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list'], ['./reporters/totals-line-reporter.ts']],
  use: { trace: 'off', video: 'off', screenshot: 'off' },
  globalSetup: './tests/self/support/global-setup.ts',
  globalTeardown: './tests/self/support/global-teardown.ts',
});
