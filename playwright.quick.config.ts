import { defineConfig } from '@playwright/test';
import dev from './playwright.dev.config';

/**
 * `npm run test:quick`, the edit loop (< 60 s on 2 cores): the unit tests that run in this process — the library,
 * the diagnosis tables, the reference target's handlers, the cookie model against real Chromium. Left out: the unit
 * files that start the CLI as a subprocess (a Node and transpiler start-up each), the interop stacks and the
 * self-tests; `npm test` runs everything.
 */
export default defineConfig({
  ...dev,
  testMatch: ['unit/**/*.test.ts'],
  testIgnore: [
    'unit/cli.test.ts',
    'unit/run-exit-codes.test.ts',
    'unit/token-source.test.ts',
    'unit/browser-token.test.ts',
    'unit/reference-idp.test.ts',
    'unit/doctor-token-transport.test.ts',
    'unit/init-command.test.ts',
  ],
  // Tests of other files that start Playwright or the CLI as a subprocess.
  grepInvert: /@subprocess/,
  outputDir: 'reports/dev/test-results-quick',
  // The self-test's fault table is not part of this subset.
  globalSetup: undefined,
  globalTeardown: undefined,
});
