import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { login } from '../../helpers/auth/login';
import { sendSignupProbe } from '../../helpers/auth/signup-probe';
import { issueForOtherAudience } from '../../helpers/auth/other-audience';
import { ENV_DIR_VARIABLE } from '../../helpers/env/env-dir';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { PROJECT_ROOT, REPORTS_DIR } from '../../helpers/env/paths';
import type { TargetConfig } from '../../helpers/env/target-config';
import { httpClientFactory } from '../../helpers/harness/http-factory';
import type { RunSummary } from '../../helpers/report/summary';
import { startCognitoLocal, type CognitoLocalPool } from './stacks/cognito-local-pool';
import { startSeed000Api, type Seed000Api, type Seed000ApiFault } from './stacks/seed000-lambda-api';
import { runCli } from './support/run-cli';

/**
 * Seed 000's shape from npm parts: cognito-local (the user pool), aws-jwt-verify in Lambda-style handlers behind an
 * API Gateway v2 event, the ID token in the `enceladus_id_token` cookie, bare `{"message":"Unauthorized"}` refusals.
 * The two Cognito templates in env/examples/ describe it; only the emulator's URLs and ids are given as variables.
 * One emulator for the file; an API per fault (they start in milliseconds).
 */
const EXAMPLES = join(PROJECT_ROOT, 'env', 'examples');

let pool: CognitoLocalPool;
let scratch: string;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  pool = await startCognitoLocal();
  scratch = mkdtempSync(join(tmpdir(), 'authcanary-seed000-'));
});
test.afterAll(async () => {
  await pool?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** What a user adds to a template for this pool: its ids, the emulator's URLs, the API's URL, the password. */
function variablesFor(api: Seed000Api, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TARGET_BASE_URL: api.baseUrl,
    COGNITO_USER_POOL_ID: pool.poolId,
    COGNITO_APP_CLIENT_ID: pool.clientId,
    COGNITO_OTHER_APP_CLIENT_ID: pool.otherClientId,
    COGNITO_ISSUER_BASE: pool.issuerBase,
    COGNITO_ENDPOINT: pool.endpoint,
    TEST_USER: pool.user,
    TEST_USER_PASSWORD: pool.password,
    ...extra,
  };
}

function templateConfig(name: string, variables: Record<string, string>): TargetConfig {
  return loadTargetConfig({ envName: name, envDir: EXAMPLES, processVariables: variables }).config;
}

async function withApi<T>(faults: readonly Seed000ApiFault[], use: (api: Seed000Api, logFile: string) => Promise<T>) {
  const logFile = join(scratch, `api-${faults.join('-') || 'healthy'}-${Date.now()}.log`);
  writeFileSync(logFile, '');
  const api = await startSeed000Api({ pool, logFile, faults });
  try {
    return await use(api, logFile);
  } finally {
    await api.close();
  }
}

async function runTemplate(name: string, api: Seed000Api, extra: Record<string, string> = {}) {
  const reports = join(REPORTS_DIR, 'interop', `seed000-${name}`);
  const run = await runCli(['run', '--no-allure', '--reports', reports, '--', '--project', 'rest'], {
    ...process.env,
    ...variablesFor(api, extra),
    [ENV_DIR_VARIABLE]: EXAMPLES,
    AUTH_ENV: name,
    CI: '',
  });
  const file = join(reports, 'summary.json');
  const summary = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunSummary) : undefined;
  return { run, summary };
}

test.describe('the Cognito templates describe a running seed-000 stack (CLI, rest suite)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('cognito-app-login.env: login at the API route, ID token in the cookie only, no Bearer header sent', async () => {
    await withApi([], async (api) => {
      const { run, summary } = await runTemplate('cognito-app-login', api);
      const failed = summary?.checks.filter((check) => check.status === 'failed') ?? [];
      const status = (title: RegExp) => summary?.checks.find((check) => title.test(check.title))?.status;
      // cognito-local accepts SignUp even with AllowAdminCreateUserOnly (real Cognito refuses): a true finding.
      expect(
        failed.map((check) => check.title),
        run.output,
      ).toEqual([expect.stringMatching(/anonymous self-signup is refused/)]);
      expect(JSON.stringify(failed[0]), run.output).toContain('AC_SIGNUP_OPEN');
      expect(status(/the test user logs in and receives a token/), run.output).toBe('passed');
      expect(status(/refuses: other-audience-token/), run.output).toBe('passed');
      expect(status(/refuses: oversized/), run.output).toBe('passed');
      expect(status(/refuses: base64-segments/), run.output).toBe('passed');
    });
  });

  test('cognito.env: login at Cognito (InitiateAuth), the same API by cookie transport', async () => {
    await withApi([], async (api) => {
      const { run, summary } = await runTemplate('cognito', api, {
        ROUTES: 'GET /api/v1/me 200; GET /api/v1/admin/users 403',
        TARGET_HEALTH_PATH: '/api/v1/health',
        TOKEN_TRANSPORT: 'cookie',
        TOKEN_TRANSPORT_COOKIE: 'enceladus_id_token',
        EXPECT_WWW_AUTHENTICATE: 'false',
      });
      const failed = summary?.checks.filter((check) => check.status === 'failed') ?? [];
      expect(
        failed.map((check) => check.title),
        run.output,
      ).toEqual([expect.stringMatching(/anonymous self-signup is refused/)]);
      const status = (title: RegExp) => summary?.checks.find((check) => title.test(check.title))?.status;
      expect(status(/the test user logs in and receives a token/), run.output).toBe('passed');
      expect(status(/refuses: other-audience-token/), run.output).toBe('passed');
    });
  });
});

test('cookie transport: every request that carries the token carries it in the cookie, none in Authorization', async () => {
  await withApi([], async (api) => {
    const config = templateConfig('cognito-app-login', variablesFor(api));
    const http = httpClientFactory(config)({ retries: 0 });
    try {
      const session = await login(http, config, config.users.user);
      expect(session.token).toBeTruthy();
      const me = await http.send(`${api.baseUrl}/api/v1/me`, { bearer: session.token as string, useJar: false });
      expect(me.status).toBe(200);
      const other = await issueForOtherAudience(http, config, pool.otherClientId);
      const refused = await http.send(`${api.baseUrl}/api/v1/me`, { bearer: other as string, useJar: false });
      expect(refused.status).toBe(401);
      expect(refused.json()).toEqual({ message: 'Unauthorized' });
      for (const record of http.records) expect(record.requestHeaders['authorization']).toBeUndefined();
      expect(me.record.requestHeaders['cookie']).toMatch(/^enceladus_id_token=\[redacted/);
    } finally {
      await http.close();
    }
  });
});

test("sign-up probe at the pool: Cognito's SignUp shape, answered by the emulator", async () => {
  await withApi([], async (api) => {
    const config = templateConfig('cognito-app-login', variablesFor(api));
    const http = httpClientFactory(config)({ retries: 0 });
    try {
      const result = await sendSignupProbe(http, config.signup!);
      expect(result.exchange.record.requestHeaders['x-amz-target']).toBe('AWSCognitoIdentityProviderService.SignUp');
      // cognito-local 5.3 accepts it whatever AllowAdminCreateUserOnly says: the probe reports the pool open.
      expect(result.exchange.status).toBe(200);
      expect(result.verdict).toBe('open');
      const users = await pool.call('ListUsers', { UserPoolId: pool.poolId });
      expect(JSON.stringify(users.json)).toContain(result.probeUser);
    } finally {
      await http.close();
    }
  });
});

/** Each drift ends as the same bare 401 on the wire; the API's own log line names it (the library's message). */
const SILENT_FAULTS: Array<{ fault: Seed000ApiFault; logs: RegExp }> = [
  { fault: 'pool-drift', logs: /Issuer not allowed: .*\. Expected: / },
  { fault: 'issuer-spelling-drift', logs: /Issuer not allowed: .*\. Expected: .*\/$/m },
  { fault: 'client-drift', logs: /Client ID \("audience"\) not allowed/ },
  { fault: 'token-use-drift', logs: /Token use not allowed: id\. Expected: access/ },
  {
    fault: 'jwt-library-missing',
    logs: /JWT library not available: Cannot find (package|module) 'aws-jwt-verify-layer'/,
  },
  { fault: 'headers-cookie-only', logs: /no enceladus_id_token cookie/ },
];

for (const { fault, logs } of SILENT_FAULTS)
  test(`silent refusal, ${fault}: a bare 401 on the wire, the cause only in the API's log`, async () => {
    await withApi([fault], async (api, logFile) => {
      const config = templateConfig('cognito-app-login', variablesFor(api));
      const http = httpClientFactory(config)({ retries: 0 });
      try {
        const session = await login(http, config, config.users.user);
        const me = await http.send(`${api.baseUrl}/api/v1/me`, {
          bearer: session.token as string,
          useJar: false,
          headers: { 'x-request-id': `ac-${fault}` },
        });
        expect(me.status).toBe(401);
        expect(me.body).toBe('{"message":"Unauthorized"}');
        expect(me.header('www-authenticate')).toBeUndefined();
        const line = readFileSync(logFile, 'utf8')
          .split('\n')
          .find((item) => item.includes(`ac-${fault}`));
        expect(line).toMatch(logs);
      } finally {
        await http.close();
      }
    });
  });
