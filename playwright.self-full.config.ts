import { defineConfig } from '@playwright/test';
import e2e from './playwright.e2e.config';

/**
 * The full self-test matrix: every reference-target fault through its suite and the doctor CLI, one CLI + Playwright
 * subprocess per row (≈ 10–30 s each). Not part of `npm test` or `npm run test:e2e` (which keep the wiring rows; the
 * diagnoses are proven in process); run it with `npm run test:self:full`, e.g. nightly. Everything else is the
 * end-to-end config's.
 */
export default defineConfig({
  ...e2e,
  testDir: 'tests/self',
  testMatch: ['full/**/*.full.ts'],
  outputDir: 'reports/dev/test-results-full',
});
