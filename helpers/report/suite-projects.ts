/**
 * The product's suites as Playwright projects: name and folder, in the order playwright.config.ts lists them (the
 * browser suite first, so that it is the first to get a worker). Shard plans read the same list.
 */
export const SUITE_PROJECTS = [
  { name: 'browser', testDir: 'tests/browser' },
  { name: 'rest', testDir: 'tests/rest' },
  { name: 'websocket', testDir: 'tests/ws' },
  { name: 'cookies', testDir: 'tests/cookies' },
] as const;
