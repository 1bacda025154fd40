import { expect, test } from '@playwright/test';

/** The floor the benchmark compares against: one trivial Playwright test (runner start-up, one worker, no browser). */
test('bare', () => {
  expect(1 + 1).toBe(2);
});
