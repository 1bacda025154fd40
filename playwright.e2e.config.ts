import { defineConfig } from '@playwright/test';
import dev from './playwright.dev.config';

/**
 * `npm run test:e2e`: the end-to-end self-tests, each a real `authcanary run` (CLI → Playwright → reference target →
 * Chromium) or a packed install: the fault matrix's whole-suite runs with their leak scans, the doctor CLI, signals and
 * kill -9, the fault proxy, traced runs, IdP mode, the nightly shards and merge, and the package in a fresh project.
 * They prove wiring that no in-process test can; CI runs them after `npm test`.
 */
export default defineConfig({
  ...dev,
  testMatch: ['self/**/*.test.ts', 'package/**/*.test.ts'],
  outputDir: 'reports/dev/test-results-e2e',
  globalSetup: './tests/self/support/global-setup.ts',
  globalTeardown: './tests/self/support/global-teardown.ts',
});
