import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { login } from '../../helpers/auth/login';
import { refresh } from '../../helpers/auth/refresh';
import { loginDiagnosis, refreshDiagnosis } from '../../helpers/auth/step-diagnoses';
import { runCookieFlow } from '../../helpers/cookies/cookie-flow';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { ENV_DIR_VARIABLE } from '../../helpers/env/env-dir';
import { PROJECT_ROOT, REPORTS_DIR } from '../../helpers/env/paths';
import type { TargetConfig } from '../../helpers/env/target-config';
import { HttpClient } from '../../helpers/http/http-client';
import type { RunSummary } from '../../helpers/report/summary';
import { startCsrfEndpointStack } from './stacks/login-csrf-endpoint-express';
import { startCsrfCookieStack } from './stacks/login-csrf-express';
import { startFormLoginStack } from './stacks/login-form-fastify';
import { startSimplejwtStack } from './stacks/login-simplejwt-express';
import { runCli } from './support/run-cli';

/**
 * Login shapes against real npm libraries on loopback, described to the harness by the env files in
 * tests/interop/env/ only. Healthy stacks pass the product's suites through the CLI (as a user runs them); each
 * fault is named right in-process, through the same library functions the suites call.
 */
const ENV_DIR = join(PROJECT_ROOT, 'tests', 'interop', 'env');

interface Running {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The env file as the harness reads it, and what the stack must be given to agree with it (test-only values). */
function described(envName: string, port = '1', overrides: Record<string, string> = {}) {
  const loaded = loadTargetConfig({ envName, envDir: ENV_DIR, processVariables: { INTEROP_PORT: port, ...overrides } });
  const config = loaded.config;
  return {
    config,
    secret: loaded.variables['INTEROP_JWT_SECRET'] as string,
    issuer: config.jwt.issuer as string,
    audience: config.jwt.audience as string,
    user: config.users.user.username,
    password: new TextDecoder().decode(config.users.user.password.reveal()),
  };
}

const STACKS: Record<string, (faults: readonly string[]) => Promise<Running>> = {
  'login-form': (faults) => {
    const d = described('login-form');
    return startFormLoginStack({ ...d, users: { [d.user]: d.password }, faults });
  },
  'login-simplejwt': (faults) => {
    const d = described('login-simplejwt');
    return startSimplejwtStack({ ...d, users: { [d.user]: { id: 1, password: d.password } }, faults });
  },
  'login-csrf': (faults) => {
    const d = described('login-csrf');
    return startCsrfCookieStack({ ...d, users: { [d.user]: d.password }, faults });
  },
  'login-csrf-endpoint': (faults) => {
    const d = described('login-csrf-endpoint');
    return startCsrfEndpointStack({ ...d, users: { [d.user]: d.password }, faults });
  },
};

async function withStack<T>(
  envName: string,
  faults: readonly string[],
  use: (config: TargetConfig, http: HttpClient, stack: Running) => Promise<T>,
  overrides: Record<string, string> = {},
): Promise<T> {
  const stack = await STACKS[envName]!(faults);
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  try {
    return await use(described(envName, new URL(stack.baseUrl).port, overrides).config, http, stack);
  } finally {
    await http.close();
    await stack.close();
  }
}

const HEALTHY: Array<{ env: string; projects: string[] }> = [
  { env: 'login-form', projects: ['rest'] },
  { env: 'login-simplejwt', projects: ['rest'] },
  { env: 'login-csrf', projects: ['rest', 'cookies'] },
];

test.describe('healthy stacks pass the suites from their env file alone (CLI)', () => {
  test.describe.configure({ timeout: 90_000 });
  for (const { env, projects } of HEALTHY) {
    test(`${env}: ${projects.join(' + ')}`, async () => {
      const stack = await STACKS[env]!([]);
      const reports = join(REPORTS_DIR, 'interop', env);
      try {
        const run = await runCli(
          ['run', '--no-allure', '--reports', reports, '--', ...projects.flatMap((project) => ['--project', project])],
          {
            ...process.env,
            [ENV_DIR_VARIABLE]: ENV_DIR,
            AUTH_ENV: env,
            INTEROP_PORT: new URL(stack.baseUrl).port,
            CI: '',
          },
        );
        const file = join(reports, 'summary.json');
        const summary = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunSummary) : undefined;
        expect(run.exitCode, run.output).toBe(0);
        expect(summary?.totals.failed, run.output).toBe(0);
        // The checks this branch adds ran, not skipped.
        const ran = (title: RegExp) => summary?.checks.find((check) => title.test(check.title))?.status;
        expect(ran(/the test user logs in and receives a token/), run.output).toBe('passed');
        if (env !== 'login-form') expect(ran(/declared refresh answers 2xx/), run.output).toBe('passed');
        if (env === 'login-csrf') expect(ran(/CSRF token the target wants/), run.output).toBe('passed');
      } finally {
        await stack.close();
      }
    });
  }
});

test('form login: the stack without its form parser is named AC_LOGIN_FAILED with the server reason', async () => {
  await withStack('login-form', ['no-formbody'], async (config, http) => {
    const failure = loginDiagnosis(await login(http, config, config.users.user), config);
    expect(failure?.code).toBe('AC_LOGIN_FAILED');
    expect(failure?.summary).toContain('login answered 415 to a form body');
    expect(failure?.summary).toContain('Unsupported Media Type');
  });
  // The same healthy stack described as a JSON login (the old fixed shape) is refused with FastAPI's 422 detail.
  await withStack(
    'login-form',
    [],
    async (config, http) => {
      const failure = loginDiagnosis(await login(http, config, config.users.user), config);
      expect(failure?.summary).toBe(
        'login answered 422 to a json body: body.username: Field required; body.password: Field required',
      );
    },
    { LOGIN_BODY: 'json' },
  );
});

test('simplejwt: a refused refresh is named AC_REFRESH_FAILED with simplejwt detail; healthy refresh works', async () => {
  await withStack('login-simplejwt', ['refresh-blacklisted'], async (config, http) => {
    const issued = await login(http, config, config.users.user);
    expect(issued.refreshToken).toBeTruthy();
    const failure = refreshDiagnosis(
      await refresh(http, config, { jar: http.jar, refreshToken: issued.refreshToken }),
      config,
    );
    expect(failure?.code).toBe('AC_REFRESH_FAILED');
    expect(failure?.summary).toBe('refresh by body field refresh (json) answered 401: Token is blacklisted');
  });
  await withStack('login-simplejwt', [], async (config, http) => {
    const issued = await login(http, config, config.users.user);
    const result = await refresh(http, config, { jar: http.jar, refreshToken: issued.refreshToken });
    expect(refreshDiagnosis(result, config)).toBeUndefined();
    expect(result?.token).not.toBe(issued.token);
  });
});

test('double-submit CSRF: not enforced → AC_CSRF_NOT_ENFORCED; not declared → AC_CSRF_REQUIRED_NOT_SENT', async () => {
  await withStack('login-csrf', ['csrf-not-enforced'], async (config, http) => {
    const flow = await runCookieFlow(http, config, config.cookies!);
    expect(flow.csrf.map((item) => item.code)).toEqual(['AC_CSRF_NOT_ENFORCED']);
  });
  await withStack(
    'login-csrf',
    [],
    async (config, http) => {
      const flow = await runCookieFlow(http, config, config.cookies!);
      expect(flow.csrf.map((item) => item.code)).toEqual(['AC_CSRF_REQUIRED_NOT_SENT', 'AC_CSRF_REQUIRED_NOT_SENT']);
      expect(flow.csrf[0]?.summary).toContain('Missing CSRF token');
      expect(refreshDiagnosis(flow.refresh, config)?.summary).toBe(
        'refresh by cookie answered 401: Missing CSRF token',
      );
    },
    { CSRF_MODE: 'none' },
  );
  await withStack('login-csrf', [], async (config, http) => {
    const flow = await runCookieFlow(http, config, config.cookies!);
    expect(flow.csrf).toEqual([]);
    expect(flow.refresh?.csrf).toMatchObject({ header: 'X-CSRF-TOKEN', from: 'cookie csrf_refresh_token' });
  });
});

test('csrf-csrf (token from an endpoint): sent and accepted; not enforced and not declared are named', async () => {
  await withStack('login-csrf-endpoint', [], async (config, http) => {
    const flow = await runCookieFlow(http, config, config.cookies!);
    expect(flow.csrf).toEqual([]);
    expect(flow.steps.map((step) => `${step.step} ${step.status}`)).toEqual(['login 200', 'refresh 200', 'logout 200']);
    expect(flow.refresh?.csrf).toMatchObject({ header: 'x-csrf-token', from: 'GET /auth/csrf JSON field csrfToken' });
  });
  await withStack('login-csrf-endpoint', ['csrf-not-enforced'], async (config, http) => {
    const flow = await runCookieFlow(http, config, config.cookies!);
    expect(flow.csrf.map((item) => item.code)).toEqual(['AC_CSRF_NOT_ENFORCED']);
  });
  await withStack(
    'login-csrf-endpoint',
    [],
    async (config, http) => {
      const flow = await runCookieFlow(http, config, config.cookies!);
      expect(flow.csrf.map((item) => item.code)).toEqual(['AC_CSRF_REQUIRED_NOT_SENT', 'AC_CSRF_REQUIRED_NOT_SENT']);
      expect(flow.csrf[0]?.summary).toContain('invalid csrf token');
    },
    { CSRF_MODE: 'none' },
  );
});
