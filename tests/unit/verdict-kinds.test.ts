import { expect, test } from '@playwright/test';
import { CATALOGUE, DIAGNOSIS_CODES } from '../../helpers/diagnosis/catalogue';
import { diagnosis, formatDiagnoses } from '../../helpers/diagnosis/diagnosis';
import { codesInMessages, kindOfCodes } from '../../helpers/diagnosis/failure-codes';
import { VERDICT_KINDS } from '../../helpers/diagnosis/verdict-kind';
import { TargetUnreachableError } from '../../helpers/http/errors';
import { allureCategories } from '../../helpers/report/allure-categories';
import { EXIT_CODES, runVerdict } from '../../helpers/report/summary';

/** Every failed check's code maps to one verdict kind; the run's verdict and exit code follow from the kinds. */

test('every catalogue entry has one of the four kinds; connection-level and gateway codes are infra', () => {
  for (const code of DIAGNOSIS_CODES) expect(VERDICT_KINDS, code).toContain(CATALOGUE[code].kind);
  for (const code of DIAGNOSIS_CODES.filter((name) => name.startsWith('AC_INFRA_') && name !== 'AC_INFRA_TARGET_LOST'))
    expect(CATALOGUE[code].kind, code).toBe('infra');
  expect(CATALOGUE.AC_WS_INFRA.kind).toBe('infra');
  expect(CATALOGUE.AC_INCONCLUSIVE.kind).toBe('inconclusive');
  expect(CATALOGUE.AC_INFRA_TARGET_LOST.kind).toBe('inconclusive');
  expect(CATALOGUE.AC_SECRET_MISMATCH.kind).toBe('auth');
});

test('failure messages carry [CODE] (kind), and the codes are read back from any coded error', () => {
  const message = formatDiagnoses([diagnosis('AC_INFRA_5XX', 'GET /me answered 503')]);
  expect(message).toMatch(/^\[AC_INFRA_5XX\] \(infra\) GET \/me answered 503\n {4}fix: /);
  const unreachable = new TargetUnreachableError('http://127.0.0.1:9/me', 'ECONNREFUSED', 3);
  expect(codesInMessages([message, unreachable.message, 'plain assertion failed', '[AC_NOT_A_CODE] x'])).toEqual([
    { code: 'AC_INFRA_5XX', summary: 'GET /me answered 503' },
    { code: 'AC_INFRA_UNREACHABLE', summary: expect.stringContaining('unreachable after 3 attempts (ECONNREFUSED)') },
  ]);
});

test("a check's kind: any auth finding wins, then config, then infra, then inconclusive; no code is auth", () => {
  expect(kindOfCodes(['AC_INFRA_5XX', 'AC_SECRET_MISMATCH'])).toBe('auth');
  expect(kindOfCodes(['AC_INFRA_5XX', 'AC_WS_ENDPOINT_MISCONFIGURED'])).toBe('config');
  expect(kindOfCodes(['AC_INFRA_TARGET_LOST', 'AC_INFRA_TIMEOUT'])).toBe('infra');
  expect(kindOfCodes(['AC_INFRA_TARGET_LOST'])).toBe('inconclusive');
  expect(kindOfCodes([])).toBe('auth');
});

test("the run's verdict and exit code: auth → failed 1, config → 2, infra/inconclusive only → infra 3", () => {
  expect(runVerdict([])).toBe('passed');
  expect(runVerdict(['infra', 'auth', 'inconclusive'])).toBe('failed');
  expect(runVerdict(['infra', undefined])).toBe('failed');
  expect(runVerdict(['infra', 'config'])).toBe('config');
  expect(runVerdict(['infra', 'inconclusive'])).toBe('infra');
  expect(runVerdict(['inconclusive'])).toBe('infra');
  // A check that failed without a diagnosis could not judge: never an auth verdict, never a silent pass.
  expect(runVerdict([kindOfCodes(['AC_CHECK_ERROR'])])).toBe('infra');
  expect(runVerdict([kindOfCodes(['AC_CHECK_ERROR', 'AC_INFRA_REDIRECT'])])).toBe('infra');
  expect(EXIT_CODES).toEqual({ passed: 0, failed: 1, config: 2, infra: 3 });
});

test('Allure categories are named with the kind and match the coded message', () => {
  const categories = allureCategories();
  const infra = categories.find((category) => category.name.startsWith('[infra] AC_INFRA_DNS:'));
  expect(infra).toBeDefined();
  expect(
    new RegExp(infra!.messageRegex).test('[AC_INFRA_DNS] (infra) GET http://x.invalid/: host name does not resolve'),
  ).toBe(true);
  expect(categories.at(-1)?.name).toBe('Undiagnosed failure');
});
