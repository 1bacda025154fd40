import { defineConfig } from '@playwright/test';

/** A bare one-test Playwright run: the baseline of `bench/times.ts`. */
export default defineConfig({
  testDir: '.',
  testMatch: ['bare.spec.ts'],
  outputDir: '../../reports/bench/bare-results',
  workers: 1,
  reporter: 'dot',
});
