import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { selectEnvName } from '../../helpers/env/env-name';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { ConfigError } from '../../helpers/errors/authcanary-error';
import { resolveHarnessSecret } from '../../helpers/token/harness-key';

const VALID = `TARGET_BASE_URL=https://api.example.test
LOGIN_PATH=/login
LOGIN_TOKEN_JSON_FIELD=token
TEST_USER=qa
TEST_USER_PASSWORD=pw-value-never-printed
ROUTES=GET /me 200; GET /admin 403
`;

function envDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-env-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('a valid file loads, with defaults and parsed routes', () => {
  const { config } = loadTargetConfig({
    envName: 'staging',
    envDir: envDir({ 'staging.env': VALID }),
    processVariables: {},
  });
  expect(config.routes).toEqual([
    { method: 'GET', path: '/me', status: 200 },
    { method: 'GET', path: '/admin', status: 403 },
  ]);
  expect(config.jwt).toMatchObject({ alg: 'HS256', ttlMs: 300_000, leewayMs: 30_000, subject: 'qa' });
  expect(config.target.authUrl).toBe('https://api.example.test');
});

test('missing file: names the file and the environments that exist', () => {
  const error = configError(() =>
    loadTargetConfig({
      envName: 'prod',
      envDir: envDir({ 'staging.env': VALID, 'staging.local.env': '' }),
      processVariables: {},
    }),
  );
  expect(error.exitCode).toBe(2);
  expect(error.message).toContain('prod.env does not exist');
  expect(error.hint).toContain('available: staging');
});

test('every problem is reported at once, naming file and key, never the value', () => {
  const bad = VALID.replace('https://api.example.test', 'ftp://secret-host-value')
    .replace('TEST_USER=qa\n', '')
    .replace('GET /me 200', 'FETCH /me two-hundred');
  const error = configError(() =>
    loadTargetConfig({ envName: 'staging', envDir: envDir({ 'staging.env': bad }), processVariables: {} }),
  );
  const keys = error.issues.map((issue) => issue.key).sort();
  expect(keys).toEqual(['ROUTES', 'TARGET_BASE_URL', 'TEST_USER']);
  expect(error.issues.find((issue) => issue.key === 'TEST_USER')?.message).toBe('required but not set');
  expect(error.issues.every((issue) => issue.file.endsWith('staging.env'))).toBe(true);
  expect(error.message).not.toContain('secret-host-value');
  expect(error.message).not.toContain('two-hundred');
});

test('process environment wins over the files, and the local file over the main one', () => {
  const dir = envDir({ 'staging.env': VALID, 'staging.local.env': 'TEST_USER=from-local\nJWT_TTL=10m\n' });
  const { config } = loadTargetConfig({ envName: 'staging', envDir: dir, processVariables: { JWT_TTL: '1m' } });
  expect(config.users.user.username).toBe('from-local');
  expect(config.jwt.ttlMs).toBe(60_000);
});

test('a bad value from the process environment is attributed to it', () => {
  const error = configError(() =>
    loadTargetConfig({
      envName: 'staging',
      envDir: envDir({ 'staging.env': VALID }),
      processVariables: { TARGET_BASE_URL: 'nope' },
    }),
  );
  expect(error.issues).toEqual([
    { file: 'process environment', key: 'TARGET_BASE_URL', message: 'expected an absolute http(s) URL' },
  ]);
});

test('${NAME} references expand; an unset one is an issue unless deferred', () => {
  const file = VALID.replace('https://api.example.test', 'http://127.0.0.1:${PORT}');
  const dir = envDir({ 'staging.env': file });
  expect(
    loadTargetConfig({ envName: 'staging', envDir: dir, processVariables: { PORT: '8123' } }).config.target.baseUrl,
  ).toBe('http://127.0.0.1:8123');
  expect(
    configError(() => loadTargetConfig({ envName: 'staging', envDir: dir, processVariables: {} })).issues[0],
  ).toMatchObject({ key: 'TARGET_BASE_URL', message: 'refers to ${PORT}, which is not set' });
  expect(
    loadTargetConfig({ envName: 'staging', envDir: dir, processVariables: {}, deferred: ['PORT'] }).config.target
      .baseUrl,
  ).toBe('http://127.0.0.1:0');
});

test('cross-key rules: where the token comes back, admin password (an asymmetric alg without a key is no-mint mode)', () => {
  const bad = VALID.replace('LOGIN_TOKEN_JSON_FIELD=token\n', '') + 'ADMIN_USER=root\nJWT_ALG=RS256\n';
  const keys = configError(() =>
    loadTargetConfig({ envName: 'staging', envDir: envDir({ 'staging.env': bad }), processVariables: {} }),
  )
    .issues.map((issue) => issue.key)
    .sort();
  expect(keys).toEqual(['ADMIN_USER_PASSWORD', 'LOGIN_TOKEN_JSON_FIELD']);
});

test('unknown or malformed environment names are refused', () => {
  expect(selectEnvName(undefined, {})).toBe('local');
  expect(selectEnvName(undefined, { AUTH_ENV: 'staging' })).toBe('staging');
  expect(selectEnvName('prod', { AUTH_ENV: 'staging' })).toBe('prod');
  expect(() => selectEnvName('../etc/passwd', {})).toThrow(ConfigError);
});

test('an empty secret is not a secret: the chain moves on, and all empty is ERR_SECRET_UNRESOLVED', () => {
  const dir = envDir({ 'staging.env': `${VALID}JWT_SECRET_STAGING=\n` });
  const loaded = loadTargetConfig({ envName: 'staging', envDir: dir, processVariables: { JWT_SECRET_KEY: '   ' } });
  expect(() => resolveHarnessSecret(loaded.config, loaded.variables)).toThrow(
    expect.objectContaining({ code: 'ERR_SECRET_UNRESOLVED' }),
  );
  const withGeneric = loadTargetConfig({
    envName: 'staging',
    envDir: dir,
    processVariables: { JWT_SECRET: 'g'.repeat(32) },
  });
  expect(resolveHarnessSecret(withGeneric.config, withGeneric.variables).source).toBe('env:JWT_SECRET');
});
