import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import { LADDER_STEPS } from '../../helpers/diagnosis/ladder/ladder-steps';
import { describeLadder } from '../../helpers/diagnosis/ladder/run-ladder';

/**
 * The ladder's order and budget, read as data: the declared list (helpers/diagnosis/ladder/ladder-steps.ts) is printed
 * here (stdout and an attachment) so anyone can re-run `npx playwright test --config playwright.dev.config.ts
 * tests/unit/diagnosis-ladder-order.test.ts` and read it.
 */
const names = LADDER_STEPS.map((step) => step.name);
const position = (name: string) => {
  const index = names.indexOf(name);
  if (index < 0) throw new Error(`no step ${name}`);
  return index;
};

test('the step list, printed', async ({}, testInfo) => {
  const text = describeLadder(LADDER_STEPS);
  process.stdout.write(`\nThe diagnosis ladder, in order:\n${text}\n`);
  await testInfo.attach('ladder-steps.txt', { body: text, contentType: 'text/plain' });
  expect(text.split('\n')).toHaveLength(LADDER_STEPS.length);
  expect(text).toContain('1. server error (5xx, 429) (needs server-error; spends ≤ 2) → AC_INFRA_RATE_LIMITED');
  expect(text).toMatch(/chain's other candidates \(needs control-refused, hmac; spends ≤ the rest\)/);
});

test('order: infrastructure first, passive reads before probes, the clock before the claims, keys last', () => {
  expect(names[0]).toBe('server error (5xx, 429)');
  expect(names.at(-1)).toBe('conclusion');
  // The provider's keys and the passive reads spend nothing of the route's budget and come before the first probe.
  const firstProbe = LADDER_STEPS.findIndex((step) => step.spends > 0 && step.name !== 'server error (5xx, 429)');
  for (const step of ["the identity provider's keys", 'expired token']) expect(position(step)).toBeLessThan(firstProbe);
  expect(position('valid control')).toBeLessThan(position('the refused token itself'));
  // The backend's own words on the refused request are read before any probe is spent.
  expect(position("the API's logs")).toBeLessThan(position('valid control'));
  expect(position("the API's deployed settings")).toBeLessThan(position('valid control'));
  expect(position('valid control by cookie')).toBeLessThan(position('clock skew'));
  // A skewed server refuses the harness's re-signed claims for their times: the clock must be settled first.
  expect(position('clock skew')).toBeLessThan(position("the target's issued token"));
  // Probe evidence outranks the server's words: the claims bisection before the reason.
  expect(position("the target's issued token")).toBeLessThan(
    position("the server's reason and the issued token's claims"),
  );
  expect(position("the key chain's other candidates")).toBeLessThan(position('own token refused: claim variants'));
  expect(position('own token refused: claim variants')).toBeLessThan(position('well-known and empty keys'));
});

test('budget: every probe step declares a cap; the fixed caps before the key chain fit the default budget', () => {
  for (const step of LADDER_STEPS) expect(step.spends, step.name).toBeGreaterThanOrEqual(0);
  expect(Object.fromEntries(LADDER_STEPS.map((step) => [step.name, step.spends]))).toEqual({
    'server error (5xx, 429)': 2,
    "the identity provider's keys": 0,
    'expired token': 0,
    'token encoding': 1,
    'keys the harness holds': 0,
    "the API's logs": 0,
    "the API's deployed settings": 0,
    'valid control': 1,
    'the refused token itself': 1,
    'valid control by cookie': 1,
    'clock skew': 1,
    "the target's issued token": 10,
    'the login’s other tokens': 2,
    "the server's reason and the issued token's claims": 0,
    "the key chain's other candidates": Number.POSITIVE_INFINITY,
    'own token refused: claim variants': 5,
    'well-known and empty keys': Number.POSITIVE_INFINITY,
    conclusion: 0,
  });
  const beforeKeys = LADDER_STEPS.slice(0, position("the key chain's other candidates"));
  expect(beforeKeys.reduce((sum, step) => sum + step.spends, 0)).toBeLessThanOrEqual(20);
  // Optional probes give way to the key chain's candidates.
  for (const name of ['valid control by cookie', 'clock skew'])
    expect(LADDER_STEPS[position(name)]?.needs).toContain('spare-budget');
});

test('codes: each step declares every code its source can give, and only catalogue codes', () => {
  const folder = new URL('../../helpers/diagnosis/ladder/steps/', import.meta.url);
  const declared = new Set(LADDER_STEPS.flatMap((step) => step.codes));
  for (const code of declared) expect(Object.keys(CATALOGUE)).toContain(code);
  for (const file of readdirSync(folder)) {
    const source = readFileSync(new URL(file, folder), 'utf8');
    const written = source.match(/'AC_[A-Z0-9_]+'/g)?.map((code) => code.slice(1, -1)) ?? [];
    for (const code of written) expect(declared.has(code as keyof typeof CATALOGUE), `${file}: ${code}`).toBe(true);
  }
});

test('the runner stays small (≤ 80 lines)', () => {
  const lines = readFileSync(new URL('../../helpers/diagnosis/ladder/run-ladder.ts', import.meta.url), 'utf8')
    .trimEnd()
    .split('\n').length;
  expect(lines).toBeLessThanOrEqual(80);
});
