import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { auditSetCookies } from '../../helpers/cookies/audit-set-cookie';
import { crossSiteCookies } from '../../helpers/cookies/cookie-flow';
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
import { httpClientFactory } from '../../helpers/harness/http-factory';
import { login } from '../../helpers/auth/login';
import { Secret } from '../../helpers/secret/secret';
import { isWeakSecretCase, negativeCases, WEAK_SECRET_CASES } from '../../helpers/token/negative-cases';
import { hmacKey } from '../../helpers/token/signing-key';
import { startReference } from '../../reference/start';

/**
 * The session checks and the cookie audit against the reference target started in-process (its real handlers on
 * loopback, env/local.env as a user has it): healthy passes every check; each fault gives its expected first code.
 */
const ENV_DIR = fileURLToPath(new URL('../../env', import.meta.url));
const SECRET = 'session-checks-test-secret-0123456789abcdef';

async function withReference<T>(
  faults: string,
  overrides: Record<string, string>,
  use: (tools: SessionTools) => Promise<T>,
): Promise<T> {
  const target = await startReference({
    env: { APP_ENV: 'local', JWT_SECRET_LOCAL: SECRET, REFERENCE_FAULTS: faults },
    port: 0,
  });
  const { config } = loadTargetConfig({
    envName: 'local',
    envDir: ENV_DIR,
    processVariables: { REFERENCE_PORT: String(target.port), JWT_SECRET_LOCAL: SECRET, ...overrides },
  });
  const makeClient = httpClientFactory(config);
  const session = createSessionTools(config, config.cookies!, () => makeClient({ retries: 0 }));
  try {
    return await use(session.tools);
  } finally {
    await session.close();
    await target.close();
  }
}

const CHECKS: Record<string, (tools: SessionTools) => Promise<SessionCheckResult>> = {
  logout: checkOldTokensAfterLogout,
  confusion: checkTokenTypeConfusion,
  rotation: checkSessionRotation,
  csrf: checkCsrf,
  reuse: checkRefreshReuse,
};

test('healthy reference: every session check passes on its control (none inconclusive or skipped)', async () => {
  await withReference('', {}, async (tools) => {
    for (const [name, check] of Object.entries(CHECKS)) {
      const result = await check(tools);
      expect([name, result.verdict, result.diagnoses]).toEqual([name, 'pass', []]);
    }
    expect((await checkCsrf(tools)).note).toMatch(/^Origin check/);
  });
});

const FAULT_ROWS: ReadonlyArray<readonly [fault: string, check: string, code: string]> = [
  ['logout-not-revoking', 'logout', 'AC_COOKIE_OLD_TOKEN_ACCEPTED'],
  ['refresh-as-access', 'confusion', 'AC_TOKEN_TYPE_CONFUSION'],
  ['session-not-rotated', 'rotation', 'AC_SESSION_NOT_ROTATED'],
  ['csrf-unprotected', 'csrf', 'AC_CSRF_UNPROTECTED'],
  ['refresh-reuse-accepted', 'reuse', 'AC_REFRESH_REUSE_ACCEPTED'],
];

for (const [fault, check, code] of FAULT_ROWS) {
  test(`${fault} → ${code}`, async () => {
    await withReference(fault, {}, async (tools) => {
      const result = await CHECKS[check]!(tools);
      expect(result.verdict).toBe('fail');
      expect(result.diagnoses[0]?.code).toBe(code);
      expect(JSON.stringify(result)).not.toMatch(/eyJ[\w-]+\.eyJ/); // evidence carries tags, never tokens
    });
  });
}

test('logout not revoking, when the env does not promise revocation: a finding, not a failure', async () => {
  await withReference('logout-not-revoking', { COOKIE_LOGOUT_REVOKES: 'false' }, async (tools) => {
    const result = await checkOldTokensAfterLogout(tools);
    expect([result.verdict, result.diagnoses.map((item) => item.code)]).toEqual([
      'finding',
      ['AC_COOKIE_OLD_TOKEN_ACCEPTED'],
    ]);
  });
});

test('refresh reuse is not checked unless the env declares rotation', async () => {
  await withReference('refresh-reuse-accepted', { REFRESH_ROTATES: 'false' }, async (tools) => {
    expect((await checkRefreshReuse(tools)).verdict).toBe('not-applicable');
  });
});

const COOKIE_ROWS: ReadonlyArray<readonly [fault: string, code: string]> = [
  ['cookie-host-prefix-lowercase', 'AC_COOKIE_PREFIX_VIOLATION'],
  ['cookie-partitioned-insecure', 'AC_COOKIE_PARTITIONED_INSECURE'],
  ['', ''],
];

for (const [fault, code] of COOKIE_ROWS) {
  test(`login Set-Cookie audit: ${fault || 'healthy'} → ${code || 'no diagnosis'}`, async () => {
    await withReference(fault, {}, async (tools) => {
      const http = tools.newClient();
      const result = await login(http, tools.config, tools.config.users.user);
      const audit = auditSetCookies({
        lines: result.exchange?.setCookies() ?? [],
        step: 'login',
        expectations: tools.cookies.expectations,
        crossSiteCookies: crossSiteCookies(tools.config, tools.cookies),
        mustSet: tools.cookies.expectations.map((item) => item.name),
      });
      expect(audit.diagnoses.map((item) => item.code)).toEqual(code === '' ? [] : [code]);
    });
  });
}

test('weak/fallback secrets are standing must-refuse cases: a backend holding fallback_secret beside the real key', async () => {
  for (const fault of ['', 'fallback-secret-beside']) {
    await withReference(fault, {}, async (tools) => {
      const http = tools.newClient();
      const valid = (await login(http, tools.config, tools.config.users.user)).token!;
      const key = await hmacKey(new Secret(new TextEncoder().encode(SECRET), 'test'), 'HS256');
      const cases = (await negativeCases(tools.config, key)).filter((item) => isWeakSecretCase(item.id));
      expect(cases.map((item) => item.id)).toEqual(WEAK_SECRET_CASES.map((name) => `weak-secret-${name || 'empty'}`));
      const me = `${tools.config.target.baseUrl}/api/v1/me`;
      const statusOf = async (bearer: string) => (await http.send(me, { bearer, useJar: false })).status;
      expect(await statusOf(valid), 'the valid control').toBe(200);
      const accepted: string[] = [];
      for (const item of cases) {
        const token = await item.build({ valid, mint: async () => valid });
        if ((await statusOf(token!)) < 300) accepted.push(item.id);
      }
      expect(accepted).toEqual(fault === '' ? [] : ['weak-secret-fallback_secret']);
    });
  }
});
