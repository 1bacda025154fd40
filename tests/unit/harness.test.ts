import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { jwtVerify } from 'jose';
import { fixedClock } from '../../helpers/clock/clock';
import { inspectTargetConfig } from '../../helpers/env/load-env';
import { ENV_DIR } from '../../helpers/env/paths';
import { ConfigError } from '../../helpers/errors/authcanary-error';
import { buildHarness, type HarnessStages } from '../../helpers/harness';
import { importSigningKey } from '../../helpers/harness/signing-key-stage';
import { SecretError } from '../../helpers/secret/errors';
import { resolveHarnessSecret } from '../../helpers/token/harness-key';

const NOW = Date.UTC(2026, 0, 1);
const SECRET = 'harness-test-secret-0123456789abcdef-0123456789';

function envDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-harness-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const LOCAL = `TARGET_BASE_URL=http://127.0.0.1:\${TARGET_PORT}
LOGIN_PATH=/login
LOGIN_TOKEN_JSON_FIELD=token
TEST_USER=qa
TEST_USER_PASSWORD=pw-value-never-printed
ROUTES=GET /me 200
JWT_AUDIENCE=api
`;

/** Stages that count their calls and record the order in which they ran. */
function countingStages(order: string[]): Partial<HarnessStages> {
  return {
    inspect: (options) => (order.push('config'), inspectTargetConfig(options)),
    resolveSecret: (settings, variables) => (order.push('secret'), resolveHarnessSecret(settings, variables)),
    importKey: (config, secrets) => (order.push('key'), importSigningKey(config, secrets)),
  };
}

/** Every text an error shows a user: message, hint, the issues table. */
function shown(error: unknown): string {
  const coded = error as { message?: string; hint?: string; issues?: unknown };
  return `${String(coded.message)}\n${String(coded.hint)}\n${JSON.stringify(coded.issues ?? [])}`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the harness to refuse this env');
}

test('a run is built once, in pipeline order: the env, the secret and the key each read once however often used', async () => {
  let logins = 0;
  const server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/login') logins++;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ token: 'issued.by.target' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const order: string[] = [];
  const harness = await buildHarness({
    variables: { TARGET_PORT: String(port), JWT_SECRET_LOCAL: SECRET },
    envName: 'local',
    envDir: envDir({ 'local.env': LOCAL }),
    clock: fixedClock(NOW),
    stages: countingStages(order),
  });
  try {
    expect(order).toEqual(['config', 'secret', 'key']);
    const tokens = await Promise.all([harness.mint(), harness.mint({ subject: 'other' }), harness.mint()]);
    const witnesses = await Promise.all([harness.issuedToken(), harness.issuedToken()]);
    expect(await harness.issuedToken()).toBe('issued.by.target');
    expect(witnesses).toEqual(['issued.by.target', 'issued.by.target']);
    const clients = [harness.http(), harness.http({ retries: 0 })];
    await Promise.all(clients.map((client) => client.close()));
    expect(order).toEqual(['config', 'secret', 'key']);
    expect(logins).toBe(1);

    // What the stages produced is what mint uses: the resolved secret's key and the injected clock.
    expect(harness.secrets.source).toBe('env:JWT_SECRET_LOCAL');
    const { payload } = await jwtVerify(tokens[1] ?? '', new TextEncoder().encode(SECRET), {
      currentDate: new Date(NOW),
    });
    expect(payload).toMatchObject({ sub: 'other', aud: 'api', iat: NOW / 1000 });
    expect(harness.scrubber.scrub(`pw-value-never-printed ${SECRET}`)).not.toMatch(/never-printed|harness-test-secret/);
  } finally {
    await harness.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('AUTH_ENV=staging with neither the password nor the secret set: both reported in one exit-2 error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-staging-'));
  copyFileSync(join(ENV_DIR, 'staging.env.example'), join(dir, 'staging.env'));
  const order: string[] = [];
  const error = await rejection(
    buildHarness({ variables: { AUTH_ENV: 'staging' }, envDir: dir, stages: countingStages(order) }),
  );
  expect(error).toBeInstanceOf(ConfigError);
  const config = error as ConfigError;
  expect(config.exitCode).toBe(2);
  expect(config.issues.map((issue) => issue.key)).toEqual(['TEST_USER_PASSWORD', 'SECRET_CHAIN']);
  expect(config.issues[0]).toMatchObject({
    file: expect.stringMatching(/staging\.env$/),
    message: 'required but not set',
  });
  expect(config.message).toContain('(2 problems)');
  expect(config.message).toContain('ERR_SECRET_UNRESOLVED');
  expect(config.message).toContain('env:JWT_SECRET_STAGING (unset)');
  expect(config.message).toContain('env:SECRET_KEY (unset)');
  expect(order).toEqual(['config', 'secret']);

  // The password alone set: only the chain is left, as a SecretError naming the env file.
  const secretOnly = await rejection(
    buildHarness({ variables: { AUTH_ENV: 'staging', TEST_USER_PASSWORD: 'pw' }, envDir: dir }),
  );
  expect(secretOnly).toBeInstanceOf(SecretError);
  expect((secretOnly as SecretError).code).toBe('ERR_SECRET_UNRESOLVED');
  expect((secretOnly as SecretError).message).toMatch(/^env staging \(.*staging\.env\): no signing secret found/);
});

test('no error of the harness ever shows a secret, a password or a private key', async () => {
  const planted = 'planted-value-that-must-never-print-7f3a';
  const dir = envDir({ 'local.env': LOCAL });
  const cases: Record<string, string>[] = [
    // an invalid secret encoding next to an invalid key
    { TARGET_PORT: '1', SECRET_ENCODING: 'base64', JWT_SECRET_LOCAL: `!!${planted}!!`, ROUTES: 'nonsense' },
    // a JSON field that is not there, the password planted too
    {
      TARGET_PORT: '1',
      SECRET_JSON_FIELD: 'key',
      JWT_SECRET_LOCAL: `{"other":"${planted}"}`,
      TEST_USER_PASSWORD: planted,
    },
    // an RS256 key that is not a key
    {
      TARGET_PORT: '1',
      JWT_ALG: 'RS256',
      SIGNING_KEY_CHAIN: 'PRIVATE_KEY',
      PRIVATE_KEY: `-----BEGIN PRIVATE KEY-----${planted}`,
    },
    // a bad value in a key the schema checks, the secret set
    { TARGET_PORT: '1', JWT_TTL: planted, JWT_SECRET_LOCAL: planted },
  ];
  for (const variables of cases) {
    const error = await rejection(buildHarness({ variables, envName: 'local', envDir: dir }));
    expect(error instanceof ConfigError || error instanceof SecretError).toBe(true);
    expect(shown(error)).not.toContain(planted);
    expect(shown(error)).not.toContain('never-printed');
  }
});
