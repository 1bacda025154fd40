import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { login } from '../../helpers/auth/login';
import {
  checkCsrf,
  checkOldTokensAfterLogout,
  checkRefreshReuse,
  checkSessionRotation,
  checkTokenTypeConfusion,
  type SessionCheckResult,
  type SessionTools,
} from '../../helpers/cookies/session-checks';
import { createSessionTools } from '../../helpers/cookies/session-tools';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { HttpClient } from '../../helpers/http/http-client';
import { startCsrfEndpointStack } from './stacks/login-csrf-endpoint-express';
import { startCsrfCookieStack } from './stacks/login-csrf-express';
import { startPyjwtStack } from './stacks/login-pyjwt-express';
import type { RunningStack, StackOptions } from './stacks/stack-options';

/**
 * The session checks against healthy real-library stacks described by their env files: no false alarm. The PyJWT-shaped
 * login issues byte-identical tokens for the same user (fixed clock: always the same second) and refuses a refresh
 * token with its declared 422; the csrf-csrf-shaped login signs `{sub}` with jsonwebtoken (no jti, iat in seconds).
 */
const ENV_DIR = join(PROJECT_ROOT, 'tests', 'interop', 'env');
const FIXED_SECONDS = 1_893_456_000;
const ADMIN = { ADMIN_USER: 'bob', ADMIN_USER_PASSWORD: 'interop-only-admin-7c2e9a4f' };

const CHECKS: Record<string, (tools: SessionTools) => Promise<SessionCheckResult>> = {
  logout: checkOldTokensAfterLogout,
  confusion: checkTokenTypeConfusion,
  rotation: checkSessionRotation,
  csrf: checkCsrf,
  reuse: checkRefreshReuse,
};

type Starter = (options: StackOptions) => Promise<RunningStack>;

const STACKS: Record<string, Starter> = {
  'login-pyjwt': (options) => startPyjwtStack({ ...options, nowSeconds: () => FIXED_SECONDS }),
  'login-csrf': startCsrfCookieStack,
  'login-csrf-endpoint': startCsrfEndpointStack,
};

function described(envName: string, port: string, overrides: Record<string, string>) {
  return loadTargetConfig({ envName, envDir: ENV_DIR, processVariables: { INTEROP_PORT: port, ...overrides } });
}

async function withStack<T>(
  envName: string,
  { faults = [], overrides = {} }: { faults?: string[]; overrides?: Record<string, string> },
  use: (tools: SessionTools) => Promise<T>,
): Promise<T> {
  const { config, variables } = described(envName, '1', overrides);
  const password = (who: { password: { reveal(): Uint8Array } }) => new TextDecoder().decode(who.password.reveal());
  const users: Record<string, string> = { [config.users.user.username]: password(config.users.user) };
  if (config.users.admin) users[config.users.admin.username] = password(config.users.admin);
  const stack = await STACKS[envName]!({
    secret: variables['INTEROP_JWT_SECRET'] as string,
    issuer: config.jwt.issuer as string,
    audience: config.jwt.audience as string,
    users,
    faults,
  });
  const target = described(envName, new URL(stack.baseUrl).port, overrides).config;
  const session = createSessionTools(target, target.cookies!, () => new HttpClient({ timeoutMs: 5000, retries: 0 }));
  try {
    return await use(session.tools);
  } finally {
    await session.close();
    await stack.close();
  }
}

async function verdicts(tools: SessionTools): Promise<Record<string, [string, string[]]>> {
  const out: Record<string, [string, string[]]> = {};
  for (const [name, check] of Object.entries(CHECKS)) {
    const result = await check(tools);
    out[name] = [result.verdict, result.diagnoses.map((item) => item.code)];
  }
  return out;
}

test('PyJWT-shaped login: the same user gets byte-identical tokens, and no session check raises a false alarm', async () => {
  await withStack('login-pyjwt', {}, async (tools) => {
    // The premise: two logins of one user are indistinguishable (what made a plant-and-compare check fire).
    const first = await login(tools.newClient(), tools.config, tools.config.users.user);
    const second = await login(tools.newClient(), tools.config, tools.config.users.user);
    expect(first.token).toBeTruthy();
    expect(second.token).toBe(first.token);
    expect(await verdicts(tools)).toEqual({
      logout: ['not-applicable', []],
      confusion: ['pass', []],
      rotation: ['pass', []],
      csrf: ['not-applicable', []],
      reuse: ['not-applicable', []],
    });
    const rotation = await checkSessionRotation(tools);
    expect((rotation.evidence['rows'] as Array<{ plantedFrom: string }>).map((row) => row.plantedFrom)).toEqual([
      'random',
      'random',
    ]);
  });
});

test('PyJWT-shaped login with ADMIN_USER: another identity is planted, and rotation still passes', async () => {
  await withStack('login-pyjwt', { overrides: ADMIN }, async (tools) => {
    const rotation = await checkSessionRotation(tools);
    expect([rotation.verdict, rotation.diagnoses]).toEqual(['pass', []]);
    expect((rotation.evidence['rows'] as Array<{ plantedFrom: string }>).map((row) => row.plantedFrom)).toEqual([
      'another identity (ADMIN_USER)',
      'another identity (ADMIN_USER)',
    ]);
  });
});

test('a login that keeps the session it was handed is still caught (random plant and another identity)', async () => {
  for (const overrides of [{}, ADMIN]) {
    await withStack('login-pyjwt', { faults: ['keep-held-session'], overrides }, async (tools) => {
      const rotation = await checkSessionRotation(tools);
      expect(rotation.verdict).toBe('fail');
      expect(rotation.diagnoses.map((item) => item.code)).toEqual(['AC_SESSION_NOT_ROTATED', 'AC_SESSION_NOT_ROTATED']);
      expect(rotation.diagnoses[0]?.summary).toContain('is kept (the login sets none)');
      expect(JSON.stringify(rotation)).not.toMatch(/eyJ[\w-]+\.eyJ/);
    });
  }
});

test('the refresh token refused with 422 passes only where the env declares 422 (BAD_TOKEN_STATUS)', async () => {
  await withStack('login-pyjwt', { overrides: { BAD_TOKEN_STATUS: '401' } }, async (tools) => {
    const result = await checkTokenTypeConfusion(tools);
    expect(result.verdict).toBe('fail');
    expect(result.diagnoses[0]?.summary).toBe(
      'the refresh token used as an access token on GET /api/me answered 422 (the access token: 200); must be 401 (BAD_TOKEN_STATUS)',
    );
  });
});

for (const envName of ['login-csrf', 'login-csrf-endpoint']) {
  test(`${envName}: healthy, no session check fails (twice in a row: deterministic tokens do not matter)`, async () => {
    await withStack(envName, {}, async (tools) => {
      for (let round = 0; round < 2; round++) {
        const results = await verdicts(tools);
        for (const [name, [verdict, codes]] of Object.entries(results))
          expect([name, verdict === 'fail' ? 'fail' : 'no alarm', codes]).toEqual([name, 'no alarm', []]);
        expect(results['rotation']?.[0]).toBe('pass');
      }
    });
  });
}

test('a gateway 429 on the refresh-token call is infrastructure: inconclusive with its code, never a confusion', async () => {
  await withStack('login-pyjwt', { faults: ['gateway-429-on-bearer'] }, async (tools) => {
    const result = await checkTokenTypeConfusion(tools);
    expect([result.verdict, result.diagnoses.map((item) => item.code)]).toEqual([
      'inconclusive',
      ['AC_INFRA_RATE_LIMITED'],
    ]);
  });
});
