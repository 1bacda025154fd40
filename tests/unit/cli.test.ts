import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../helpers/env/paths';

/** The CLI as a user meets it: exit codes, messages that name keys but never values, stdout that can be piped. */
function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'authcanary.js'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('an unknown environment: exit 2, names the file, no stack trace, nothing written', ({}, testInfo) => {
  const reports = testInfo.outputPath('reports');
  const { code, stderr } = cli(['run', '--env', 'nope', '--reports', reports]);
  expect(code).toBe(2);
  expect(stderr).toContain('ERR_CONFIG: unknown environment "nope": env/nope.env does not exist');
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(reports)).toBe(false);
});

test('no secret anywhere in the chain: exit 2, every name listed, no value, no fallback', () => {
  const planted = 'generic-secret-value-that-must-not-print-0123';
  const { code, stderr } = cli(['secrets', '--env', 'local'], {
    JWT_SECRET_LOCAL: '',
    JWT_SECRET_KEY: ' ',
    REFERENCE_PORT: '1',
  });
  expect(code).toBe(2);
  expect(stderr).toContain('ERR_SECRET_UNRESOLVED');
  expect(stderr).toContain(
    'env:JWT_SECRET_LOCAL (empty), env:JWT_SECRET_KEY (empty), env:JWT_SECRET (unset), env:AUTH_JWT_SECRET (unset), env:SECRET_KEY (unset)',
  );
  const other = cli(['secrets', '--env', 'local'], { JWT_SECRET_LOCAL: '', JWT_SECRET: planted, REFERENCE_PORT: '1' });
  expect(other.code).toBe(0);
  expect(other.stdout).toContain('→ env:JWT_SECRET');
  expect(other.stdout + other.stderr).not.toContain(planted);
});

test('a bad option or command is a usage error (exit 2)', () => {
  expect(cli(['run', '--bogus']).code).toBe(2);
  expect(cli(['frobnicate']).code).toBe(2);
  expect(cli(['doctor']).stderr).toContain('doctor needs --url');
});

test('mint writes the token alone on stdout, so it can be piped', () => {
  const { code, stdout, stderr } = cli(['mint', '--env', 'local', '--ttl', '1m', '--claim', 'role=admin'], {
    REFERENCE_PORT: '1',
  });
  expect(code).toBe(0);
  expect(stdout).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+\n$/);
  const payload = JSON.parse(Buffer.from(stdout.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
  expect(payload).toMatchObject({ role: 'admin', sub: 'alice', aud: 'reference-api' });
  expect((payload['exp'] as number) - (payload['iat'] as number)).toBe(60);
  expect(stderr).toContain('minted with env:JWT_SECRET_LOCAL');
});

test('env-key problems and an unresolved secret chain: reported together in one exit 2, nothing written', ({}, testInfo) => {
  const reports = testInfo.outputPath('reports');
  const planted = 'password-that-must-not-print-5e1d';
  const { code, stdout, stderr } = cli(['run', '--env', 'local', '--reports', reports], {
    TEST_USER_PASSWORD: '',
    ADMIN_USER_PASSWORD: planted,
    HTTP_RETRIES: '99',
    JWT_SECRET_LOCAL: '',
  });
  expect(code).toBe(2);
  expect(stderr).toMatch(/ERR_CONFIG: env\/local\.env is not a valid target description \(\d+ problems\)/);
  expect(stderr).toMatch(/process environment\s+TEST_USER_PASSWORD\s+must not be empty/);
  expect(stderr).toMatch(/process environment\s+HTTP_RETRIES\s+/);
  expect(stderr).toMatch(
    /env\/local\.env\s+SECRET_CHAIN\s+ERR_SECRET_UNRESOLVED: no signing secret found; tried env:JWT_SECRET_LOCAL \(empty\)/,
  );
  expect(stderr).toContain('hint: ');
  expect(stdout + stderr).not.toContain(planted);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(reports)).toBe(false);
});

test('doctor against a target that is down: exit 3 and an infrastructure code, never a failed login', async () => {
  // A port that was just free: nothing listens there.
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const { code, stdout, stderr } = cli(['doctor', '--env', 'local', '--url', '/api/v1/projects'], {
    TARGET_BASE_URL: `http://127.0.0.1:${port}`,
    REFERENCE_TARGET: 'none',
  });
  expect(code, stdout + stderr).toBe(3);
  expect(stdout + stderr).toMatch(/AC_INFRA_UNREACHABLE/);
  expect(stdout + stderr).not.toMatch(/AC_LOGIN_FAILED/);
});
