import { expect, test } from '@playwright/test';
import { BrowserTokenError } from '../../helpers/errors/authcanary-error';
import { login } from '../../helpers/auth/login';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { ENV_DIR } from '../../helpers/env/paths';
import { HttpClient } from '../../helpers/http/http-client';
import { scrubberFor } from '../../helpers/redact/sensitive-values';
import { resolveHarnessSecret } from '../../helpers/token/harness-key';
import { startReference, type ReferenceTarget } from '../../reference/start';

/**
 * The browser-driven login reused as the token source: real Chromium logs in through the reference target's app
 * page (APP_URL in env/local.env) and the token is read from the cookie the auth service sets.
 */
const SECRET = 'browser-token-test-secret-0123456789abcdef';
let target: ReferenceTarget;

test.beforeAll(async () => {
  target = await startReference({ env: { APP_ENV: 'local', JWT_SECRET_LOCAL: SECRET }, port: 0 });
});
test.afterAll(() => target.close());

function config(extra: Record<string, string>) {
  return loadTargetConfig({
    envName: 'local',
    envDir: ENV_DIR,
    processVariables: { REFERENCE_PORT: String(target.port), JWT_SECRET_LOCAL: SECRET, ...extra },
  }).config;
}

test('TOKEN_BROWSER_COOKIE: the app page login in Chromium gives a token the API accepts', async () => {
  const described = config({ TOKEN_BROWSER_COOKIE: 'access_token', TOKEN_BROWSER_TIMEOUT: '20s' });
  expect(described.tokenSource?.kind).toBe('browser');
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  try {
    const result = await login(http, described, described.users.user, {});
    expect(result.from).toBe('browser');
    expect(result.exchange).toBeUndefined();
    const me = await http.send(`${target.url}/api/v1/me`, { bearer: result.token, useJar: false });
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({ sub: 'alice' });
  } finally {
    await http.close();
  }
});

test('TOKEN_BROWSER_STORAGE naming a key the app never writes fails with ERR_TOKEN_BROWSER (exit 2)', async () => {
  const described = config({
    TOKEN_BROWSER_STORAGE: 'auth.session',
    TOKEN_BROWSER_STORAGE_FIELD: 'accessToken',
    TOKEN_BROWSER_TIMEOUT: '2s',
  });
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  try {
    const error = await login(http, described, described.users.user, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrowserTokenError);
    expect((error as BrowserTokenError).exitCode).toBe(2);
    expect((error as BrowserTokenError).message).toContain('no token appeared in storage auth.session → accessToken');
    expect(
      scrubberFor(described, resolveHarnessSecret(described, { JWT_SECRET_LOCAL: SECRET })).scrub(
        (error as Error).message,
      ),
    ).toBe((error as Error).message);
  } finally {
    await http.close();
  }
});
