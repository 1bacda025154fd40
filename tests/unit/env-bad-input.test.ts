import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { inspectTargetConfig, loadTargetConfig } from '../../helpers/env/load-env';
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

/** The env loaded without error (for the tests of what must pass). */
function loadValid(text: string, processVariables: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-good-env-'));
  writeFileSync(join(dir, 'staging.env'), text);
  return inspectTargetConfig({ envName: 'staging', envDir: dir, processVariables });
}

test('a NUL or control character in the secret or the password: exit 2 naming the key, the value nowhere', () => {
  const secret = 'sekrit-value-never-printed-5c1e-0123456789abcdef';
  for (const [key, value] of [
    ['JWT_SECRET_STAGING', `${secret}\u0000tail`],
    ['TEST_USER_PASSWORD', `${PASSWORD}\u0001`],
    ['TEST_USER_PASSWORD', `\u001b[2J${PASSWORD}`],
  ] as const) {
    const error = load({ 'staging.env': `${VALID.replace(/^TEST_USER_PASSWORD=.*\n/m, '')}${key}=${value}\n` });
    expectNamed(error, 'staging.env', key);
    const text = `${error.message}${error.hint}`;
    expect(text).not.toContain(secret);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/[\u0000\u0001\u001b]/);
    expect(text).toMatch(/NUL byte|control character/);
  }
});

test('a value over 128 KiB is named before anything is spawned (it would end as spawn E2BIG)', () => {
  const error = load({ 'staging.env': `${VALID}ROUTES_NOTE=${'x'.repeat(130 * 1024)}\n` });
  expectNamed(error, 'staging.env', 'ROUTES_NOTE');
  expect(error.message).toContain('E2BIG');
  const own = load({ 'staging.env': `${VALID}JWT_AUDIENCE=${'a'.repeat(70 * 1024)}\n` });
  expectNamed(own, 'staging.env', 'JWT_AUDIENCE');
  expect(own.message).toContain('over the 65536-byte limit');
});

test('an env file that is a FIFO or a device is refused at once, not read until it hangs or fills memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-special-env-'));
  execFileSync('mkfifo', [join(dir, 'staging.env')]);
  for (const [envDir, why] of [
    [dir, 'named pipe (FIFO)'],
    [linkedTo('/dev/zero'), 'a device'],
  ] as const) {
    let caught: unknown;
    try {
      loadTargetConfig({ envName: 'staging', envDir, processVariables: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain(why);
  }
  const local = load({ 'staging.env': VALID, 'staging.local.env': { dir: true } });
  expectNamed(local, 'staging.local.env', '(file)');
});

function linkedTo(device: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-device-env-'));
  symlinkSync(device, join(dir, 'staging.env'));
  return dir;
}

test('URLs are kept as written: APP_URL keeps its trailing slash (a service worker scope depends on it)', () => {
  const inspection = loadValid(
    `${VALID}APP_URL=https://app.example.test/enceladus/\nJWKS_URL=https://idp.example.test/keys/\nCOOKIE_EXPECT="access_token: Path=/; HttpOnly"\n`,
  );
  expect(inspection.issues).toEqual([]);
  expect(inspection.config?.cookies?.app?.url).toBe('https://app.example.test/enceladus/');
  expect(inspection.config?.oauth?.jwksUrl).toBe('https://idp.example.test/keys/');
});

test('an unknown key is warned about with the nearest known key; the machine environment is left alone', () => {
  const inspection = loadValid(`${VALID}OAUTH_SCOPES=read\nLOGIN_PASWORD_FIELD=pw\n`, {
    PATH: '/usr/bin',
    HOME: '/root',
    JWT_AUDIENCES: 'api',
  });
  expect(inspection.issues).toEqual([]);
  const named = inspection.warnings.map((warning) => `${warning.key}: ${warning.message}`);
  expect(named).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^OAUTH_SCOPES: .*did you mean OAUTH_SCOPE\?/),
      expect.stringMatching(/^LOGIN_PASWORD_FIELD: .*did you mean LOGIN_PASSWORD_FIELD\?/),
      expect.stringMatching(/^JWT_AUDIENCES: .*did you mean JWT_AUDIENCE\?/),
    ]),
  );
  expect(named.join('\n')).not.toMatch(/^(PATH|HOME):/m);
  expect(inspection.config?.envWarnings).toEqual(inspection.warnings);
});

test('JWT_ISSUER and OIDC_ISSUER both set and different is exit 2 (which one wins is not left to chance)', () => {
  const oauth = 'OAUTH_CLIENT_ID=authcanary\nOAUTH_CLIENT_SECRET=client-secret-3f1a\n';
  const error = load({
    'staging.env': `${VALID}${oauth}OIDC_ISSUER=https://idp.example.test/\nJWT_ISSUER=https://idp.example.test\n`,
  });
  expectNamed(error, 'staging.env', 'JWT_ISSUER');
  expect(error.message).toContain('differs from OIDC_ISSUER');
  expect(
    loadValid(`${VALID}${oauth}OIDC_ISSUER=https://idp.example.test/\nJWT_ISSUER=https://idp.example.test/\n`).issues,
  ).toEqual([]);
});

test('TLS_CA_FILE must be a regular file: a FIFO or a device is refused before the HTTP client reads it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-ca-'));
  execFileSync('mkfifo', [join(dir, 'ca.pem')]);
  for (const path of [join(dir, 'ca.pem'), '/dev/zero', dir])
    expectNamed(load({ 'staging.env': `${VALID}TLS_CA_FILE=${path}\n` }), 'staging.env', 'TLS_CA_FILE');
});
