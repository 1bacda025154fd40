import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { ConfigError } from '../../helpers/errors/authcanary-error';

/** Bad env input dotenv or zod would pass silently: each is a ConfigError (exit 2) naming file and key, never the value. */
const PASSWORD = 'pw-value-never-printed-7d1c';
const VALID = `TARGET_BASE_URL=https://api.example.test
LOGIN_PATH=/login
LOGIN_TOKEN_JSON_FIELD=token
TEST_USER=qa
TEST_USER_PASSWORD=${PASSWORD}
ROUTES=GET /me 200
`;

function load(files: Record<string, string | { dir: true } | { linkToDir: true }>, processVariables = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-bad-env-'));
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === 'string') writeFileSync(join(dir, name), content);
    else if ('dir' in content) mkdirSync(join(dir, name));
    else {
      mkdirSync(join(dir, 'elsewhere'));
      symlinkSync(join(dir, 'elsewhere'), join(dir, name));
    }
  }
  try {
    loadTargetConfig({ envName: 'staging', envDir: dir, processVariables });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function expectNamed(error: ConfigError, file: string, key: string, secretValue?: string) {
  expect(error.exitCode).toBe(2);
  expect(error.issues).toEqual(
    expect.arrayContaining([expect.objectContaining({ file: expect.stringContaining(file), key })]),
  );
  expect(error.message).toContain(key);
  if (secretValue) expect(`${error.message}${error.hint}`).not.toContain(secretValue);
}

test('an env path that is a directory (or a link to one) is named, not EISDIR', () => {
  for (const entry of [{ dir: true } as const, { linkToDir: true } as const]) {
    const error = load({ 'staging.env': entry });
    expectNamed(error, 'staging.env', '(file)');
    expect(error.message).toContain('is a directory');
    expect(error.message).not.toContain('EISDIR:');
  }
  const local = load({ 'staging.env': VALID, 'staging.local.env': { dir: true } });
  expectNamed(local, 'staging.local.env', '(file)');
});

test('HTTP_TIMEOUT=0, absurd and nonsense durations are refused', () => {
  for (const value of ['0', '0s', '50ms', '2h', '10 seconds', 'soon', '-5']) {
    const error = load({ 'staging.env': `${VALID}HTTP_TIMEOUT=${value}\n` });
    expectNamed(error, 'staging.env', 'HTTP_TIMEOUT');
    expect(error.message).not.toContain(`HTTP_TIMEOUT=${value}`);
  }
  expectNamed(load({ 'staging.env': `${VALID}WS_TIMEOUT=0\n` }), 'staging.env', 'WS_TIMEOUT');
  expectNamed(load({ 'staging.env': `${VALID}HTTP_RETRY_AFTER_MAX=10m\n` }), 'staging.env', 'HTTP_RETRY_AFTER_MAX');
});

test('a key set twice in one file is named with both lines', () => {
  const error = load({ 'staging.env': `${VALID}TEST_USER_PASSWORD=other-${PASSWORD}\n` });
  expectNamed(error, 'staging.env', 'TEST_USER_PASSWORD', PASSWORD);
  expect(error.message).toMatch(/set twice \(lines 5 and 7\)/);
});

test('an unquoted # that dotenv cuts a value at is named; quoted values and spaced comments pass', () => {
  const cut = load({ 'staging.env': `${VALID}SECRET_CHAIN=VAULT_JSON#signingKey\n` });
  expectNamed(cut, 'staging.env', 'SECRET_CHAIN');
  expect(cut.message).toContain('quote the value');
  expect(cut.message).not.toContain('signingKey');
  expectNamed(
    load({ 'staging.env': `${VALID}TEST_USER_PASSWORD=#${PASSWORD}\n` }),
    'staging.env',
    'TEST_USER_PASSWORD',
    PASSWORD,
  );
  // Quoted, or a comment after whitespace: as intended, nothing to say about '#'.
  for (const line of [
    'SECRET_CHAIN="VAULT_JSON#signingKey"',
    "SECRET_CHAIN='VAULT_JSON#signingKey'",
    'SECRET_CHAIN=VAULT_JSON # a comment',
  ]) {
    const dir = mkdtempSync(join(tmpdir(), 'authcanary-ok-env-'));
    writeFileSync(join(dir, 'staging.env'), `${VALID}${line}\n`);
    expect(() => loadTargetConfig({ envName: 'staging', envDir: dir, processVariables: {} })).not.toThrow();
  }
});

test('credentials in a URL are refused, the password never printed', () => {
  for (const [key, url] of [
    ['TARGET_BASE_URL', `https://qa:${PASSWORD}@api.example.test`],
    ['TARGET_AUTH_URL', `https://qa:${PASSWORD}@auth.example.test`],
    ['WS_URL', `wss://qa:${PASSWORD}@ws.example.test/ws`],
    ['OIDC_ISSUER', `https://qa:${PASSWORD}@idp.example.test/tenant`],
  ] as const) {
    const fromFile = load({
      'staging.env': `${VALID}${key === 'TARGET_BASE_URL' ? '' : `${key}=${url}\n`}`.replace(
        'https://api.example.test',
        key === 'TARGET_BASE_URL' ? url : 'https://api.example.test',
      ),
    });
    expectNamed(fromFile, 'staging.env', key, PASSWORD);
    expect(fromFile.message).toContain('must not contain credentials');
    const fromProcess = load({ 'staging.env': VALID }, { [key]: url });
    expectNamed(fromProcess, 'process environment', key, PASSWORD);
  }
});
