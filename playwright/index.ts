/**
 * authcanary inside a team's own Playwright specs:
 *
 *   import { test, expect } from 'authcanary/playwright';
 *   test('orders need a valid token', async ({ api }) => {
 *     await expect(await api.get('/v1/orders')).toBeAuthorized();
 *   });
 *
 * Fixtures: the harness built from the env (harness, target, scrubber, …), tokens (mint, mintedToken, issuedToken,
 * apiToken), a logged-in request context (api) and a logged-in Chromium page (authPage), plus every fixture of the
 * built-in suites (http, login, diagnose, failWith, …). Matchers: toBeAuthorized() and toBeRefused(), whose failure
 * message is authcanary's diagnosis. Specs run beside the built-in suites with `authcanary run` (USER_TESTS_DIR).
 */
export { test, type IntegrationFixtures } from './fixtures';
export { expect } from './matchers';
export type { RefusalOptions } from './refusal-of';
