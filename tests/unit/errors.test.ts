import { expect, test } from '@playwright/test';
import { reportError } from '../../cli/report-error';
import {
  BrowserNotFoundError,
  ConfigError,
  UsageError,
  WsUsageError,
  type AuthcanaryError,
  type ErrorCode,
} from '../../helpers/errors/authcanary-error';
import { SecretError, type SecretErrorCode } from '../../helpers/secret/errors';

function reported(error: unknown): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = reportError(error, (line) => lines.push(line));
  return { code, lines };
}

test('every error raised on purpose is reported by class: code, message, hint, its exit code', () => {
  const cases: [AuthcanaryError | SecretError, ErrorCode, number][] = [
    [new ConfigError('env/x.env is not valid', [], 'fix the keys'), 'ERR_CONFIG', 2],
    [new UsageError('doctor needs --url', 'pass --url'), 'ERR_USAGE', 2],
    [new WsUsageError('mode header needs a token'), 'ERR_WS_USAGE', 1],
    [new BrowserNotFoundError(['/usr/bin/chromium']), 'ERR_BROWSER_NOT_FOUND', 2],
    [new SecretError('ERR_SECRET_UNRESOLVED', 'no signing secret found', 'export one'), 'ERR_SECRET_UNRESOLVED', 2],
  ];
  for (const [error, code, exit] of cases) {
    const { code: exitCode, lines } = reported(error);
    expect(exitCode).toBe(exit);
    expect(lines).toEqual([`authcanary: ${code}: ${error.message}`, `hint: ${error.hint}`]);
  }
  // The secret module's codes belong to the one union (a type check: this line compiles only if they do).
  const secretCode: SecretErrorCode = 'ERR_SECRET_CHAIN';
  const asErrorCode: ErrorCode = secretCode;
  expect(asErrorCode).toBe('ERR_SECRET_CHAIN');
});

test('an object shaped like a coded error is not one: reported as unexpected, exit 1', () => {
  const lookalike = Object.assign(new Error('from a library'), { code: 'ERR_CONFIG', hint: 'h', exitCode: 2 });
  const { code, lines } = reported(lookalike);
  expect(code).toBe(1);
  expect(lines).toEqual(['authcanary: unexpected error: from a library']);
  expect(reported('a string').lines).toEqual(['authcanary: unexpected error: a string']);
});

test('the terminal sink scrubs what a library quoted: no value, no control character, whatever produced it', () => {
  const value = 'pw-quoted-by-a-library-6e0b';
  for (const error of [
    new Error(`Invalid input: Received '${value}\u0000'`),
    new Error(`expected a string, got "${value}"`),
    new ConfigError(`bad value received: \`${value}\``, [], 'fix it'),
  ]) {
    const lines: string[] = [];
    reportError(error, (line) => lines.push(line));
    const printed = lines.join('\n');
    expect(printed).not.toContain(value);
    expect(printed).not.toMatch(/[\u0000-\u0008]/);
    expect(printed).toContain('<value>');
  }
});
