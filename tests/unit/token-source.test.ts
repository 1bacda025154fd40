import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { splitCommandLine } from '../../helpers/auth/command-line';
import { login } from '../../helpers/auth/login';
import { COMMAND_TOKEN_VARIABLE, runTokenCommand } from '../../helpers/auth/token-command';
import { TokenCommandError } from '../../helpers/errors/authcanary-error';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { HttpClient } from '../../helpers/http/http-client';
import { scrubberFor } from '../../helpers/redact/sensitive-values';
import { resolveHarnessSecret } from '../../helpers/token/harness-key';

const NODE = process.execPath;
const PLACEHOLDER_SECRET = { JWT_SECRET: 'placeholder-secret-0123456789abcdef-0123' };
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJxYSJ9.c2lnbmF0dXJlLWJ5dGVz';

function script(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-cmd-'));
  const file = join(dir, 'get-token.mjs');
  writeFileSync(file, body);
  return file;
}

function load(text: string, variables: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-src-'));
  writeFileSync(
    join(dir, 'stage.env'),
    `TARGET_BASE_URL=http://127.0.0.1:9\nTEST_USER=qa\nROUTES=GET /me 200\n${text}`,
  );
  return loadTargetConfig({ envName: 'stage', envDir: dir, processVariables: variables }).config;
}

async function failure(promise: Promise<unknown>): Promise<TokenCommandError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenCommandError) return error;
    throw error;
  }
  throw new Error('expected a TokenCommandError');
}

test('command lines split without a shell: quotes group, $(), ; and | stay literal', () => {
  expect(splitCommandLine(`aws cognito-idp "initiate auth" --x='a b' c\\ d`)).toEqual([
    'aws',
    'cognito-idp',
    'initiate auth',
    '--x=a b',
    'c d',
  ]);
  expect(splitCommandLine('echo $(id); rm -rf / | cat')).toEqual(['echo', '$(id);', 'rm', '-rf', '/', '|', 'cat']);
  expect(splitCommandLine('echo "unclosed')).toBeUndefined();
});

test('TOKEN_COMMAND: stdout is the token, as a Secret; env values reach argv as data, never as shell', async () => {
  const file = script(`process.stdout.write(process.argv[2] === '$(touch pwned); x' ? '${TOKEN}\\n' : 'wrong');`);
  const secret = await runTokenCommand(`${NODE} ${file} '$(touch pwned); x'`, { timeoutMs: 5000, env: {} });
  expect(new TextDecoder().decode(secret.reveal())).toBe(TOKEN);
  expect(String(secret)).not.toContain(TOKEN);
  expect(secret.source).toBe('command:node');
});

test('TOKEN_COMMAND failures: exit code, timeout, not found, extra output; stderr never shown', async () => {
  const leaky = script(`process.stderr.write('password=hunter2-secret'); process.exit(3);`);
  const exited = await failure(runTokenCommand(`${NODE} ${leaky}`, { timeoutMs: 5000, env: {} }));
  expect(exited.exitCode).toBe(2);
  expect(exited.code).toBe('ERR_TOKEN_COMMAND');
  expect(exited.message).toContain('exited with code 3');
  expect(exited.message).toContain('bytes to stderr (not shown)');
  expect(`${exited.message} ${exited.hint}`).not.toContain('hunter2');

  const slow = script(`setTimeout(() => console.log('late'), 60000);`);
  const timedOut = await failure(runTokenCommand(`${NODE} ${slow}`, { timeoutMs: 300, env: {} }));
  expect(timedOut.message).toContain('did not finish within');

  const missing = await failure(runTokenCommand('/nonexistent/get-token', { timeoutMs: 5000, env: {} }));
  expect(missing.message).toContain('get-token was not found');

  const chatty = script(`console.log('Logging in...'); console.log('${TOKEN}');`);
  const twoLines = await failure(runTokenCommand(`${NODE} ${chatty}`, { timeoutMs: 5000, env: {} }));
  expect(twoLines.message).toContain('printed 2 lines');
  expect(twoLines.message).not.toContain(TOKEN);
});

test('TOKEN_COMMAND replaces the login (no LOGIN_PATH, no password needed); a run-acquired token is reused', async () => {
  const counter = join(mkdtempSync(join(tmpdir(), 'authcanary-count-')), 'n');
  const file = script(
    `import { appendFileSync } from 'node:fs'; appendFileSync(${JSON.stringify(counter)}, 'x'); console.log('${TOKEN}');`,
  );
  const config = load(`TOKEN_COMMAND=${NODE} ${file}\n`);
  expect(config.tokenSource).toMatchObject({ kind: 'command', acquired: undefined });
  const http = new HttpClient({ timeoutMs: 1000, retries: 0 });
  const first = await login(http, config, config.users.user, {});
  const second = await login(http, config, config.users.user, {});
  expect(first).toMatchObject({ token: TOKEN, from: 'command', exchange: undefined });
  expect(second.token).toBe(TOKEN);
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(counter, 'utf8')).toBe('x');

  const acquired = load(`TOKEN_COMMAND=/nonexistent/never-run\n`, { [COMMAND_TOKEN_VARIABLE]: 'run-token-abcdef' });
  expect((await login(http, acquired, acquired.users.user, {})).token).toBe('run-token-abcdef');
  expect(
    scrubberFor(acquired, resolveHarnessSecret(acquired, PLACEHOLDER_SECRET)).scrub('got run-token-abcdef'),
  ).not.toContain('run-token-abcdef');
  await http.close();
});

test('TOKEN_VARIABLE: the token from a secret variable, fingerprinted and scrubbed; unset is a reason', async () => {
  const config = load('TOKEN_VARIABLE=STAGING_ACCESS_TOKEN\n', { STAGING_ACCESS_TOKEN: 'opaque-staging-token-123' });
  const source = config.tokenSource;
  expect(source?.kind).toBe('variable');
  expect(JSON.stringify(source)).not.toContain('opaque-staging-token-123');
  expect(JSON.stringify(source)).toMatch(/fp:[0-9a-f]{12}/);
  expect(
    scrubberFor(config, resolveHarnessSecret(config, PLACEHOLDER_SECRET)).scrub('Bearer opaque-staging-token-123'),
  ).not.toContain('opaque-staging');
  const http = new HttpClient({ timeoutMs: 1000, retries: 0 });
  expect(await login(http, config, config.users.user)).toMatchObject({
    token: 'opaque-staging-token-123',
    from: 'variable',
  });
  const unset = load('TOKEN_VARIABLE=STAGING_ACCESS_TOKEN\n');
  expect(await login(http, unset, unset.users.user)).toMatchObject({
    token: undefined,
    reason: 'STAGING_ACCESS_TOKEN is not set',
  });
  await http.close();
});

test('without a token source, LOGIN_PATH and the password stay required', () => {
  expect(() => load('LOGIN_TOKEN_JSON_FIELD=access_token\n')).toThrow(/LOGIN_PATH[\s\S]*TEST_USER_PASSWORD/);
});

test('authcanary run: a failing TOKEN_COMMAND stops the run with exit 2 before any suite, stderr not shown', async () => {
  const { spawnSync } = await import('node:child_process');
  const leaky = script(`process.stderr.write('token-endpoint said: password=hunter2-secret'); process.exit(5);`);
  const run = spawnSync(
    process.execPath,
    ['bin/authcanary.js', 'run', '--no-allure', '--reports', join(tmpdir(), 'ac-tc')],
    {
      env: { ...process.env, TOKEN_COMMAND: `${NODE} ${leaky}`, CI: '' },
      encoding: 'utf8',
    },
  );
  const output = `${run.stdout}${run.stderr}`;
  expect(run.status, output).toBe(2);
  expect(output).toContain('ERR_TOKEN_COMMAND');
  expect(output).toContain('exited with code 5');
  expect(output).not.toContain('hunter2');
  expect(output).not.toContain('Running');
});
