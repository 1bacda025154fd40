import { defineConfig } from '@playwright/test';

/**
 * The full self-test matrix: every reference-target fault through its suite and the doctor CLI, one CLI + Playwright
 * subprocess per row (≈ 10–30 s each). Not part of `npm test` (which keeps the wiring rows and proves each diagnosis
 * in-process); run it with `npm run test:self:full`, e.g. nightly.
 */
export default defineConfig({
  testDir: 'tests/self',
  testMatch: ['full/**/*.full.ts'],
  outputDir: 'reports/dev/test-results-full',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list'], ['./reporters/totals-line-reporter.ts']],
  use: { trace: 'off', video: 'off', screenshot: 'off' },
  globalSetup: './tests/self/support/global-setup.ts',
  globalTeardown: './tests/self/support/global-teardown.ts',
});
