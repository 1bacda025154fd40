import { defineConfig } from '@playwright/test';
import dev from './playwright.dev.config';

/**
 * The full self-test matrix: every reference-target fault through its suite and the doctor CLI, one CLI + Playwright
 * subprocess per row (≈ 10–30 s each). Not part of `npm test` (which keeps the wiring rows and proves each diagnosis
 * in-process); run it with `npm run test:self:full`, e.g. nightly. Everything else is the project tests' config.
 */
export default defineConfig({
  ...dev,
  testDir: 'tests/self',
  testMatch: ['full/**/*.full.ts'],
  outputDir: 'reports/dev/test-results-full',
});
