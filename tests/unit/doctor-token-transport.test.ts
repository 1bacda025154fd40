import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { DoctorReport } from '../../helpers/doctor/doctor';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { startReference, type ReferenceTarget } from '../../reference/start';

/**
 * `authcanary doctor` delivers the token the way TOKEN_TRANSPORT declares. The reference target in seed 000's shape
 * (REFERENCE_MODE=cognito) is an API Gateway + Lambda API that reads its token only from the `enceladus_id_token`
 * cookie, never from an Authorization header. Described truthfully (cookie) the doctor must say OK; described as
 * header, the request carries no token the API reads, and the API's own log says so.
 */
const ENV_DIR = fileURLToPath(new URL('../self/cases/seed000-env', import.meta.url));
const PASSWORD = 'Ref-doctor-transport-9';

let target: ReferenceTarget;
let logFile: string;

test.beforeAll(async () => {
  logFile = join(mkdtempSync(join(tmpdir(), 'authcanary-doctor-transport-')), 'api.log');
  writeFileSync(logFile, '');
  target = await startReference({
    env: {
      APP_ENV: 'local',
      REFERENCE_MODE: 'cognito',
      REFERENCE_COGNITO_PASSWORD: PASSWORD,
      REFERENCE_LOG_FILE: logFile,
    },
    port: 0,
  });
});

test.afterAll(async () => {
  await target?.close();
});

/** The CLI as a user runs it, asynchronously: the reference target answers from this very process. */
function doctor(
  variables: Record<string, string>,
): Promise<{ code: number | null; out: string; report: DoctorReport }> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'bin', 'authcanary.js'), 'doctor', '--env', 'local', '--url', '/api/v1/me', '--json'],
    {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        AUTHCANARY_ENV_DIR: ENV_DIR,
        APP_ENV: 'local',
        REFERENCE_TARGET: 'none',
        REFERENCE_PORT: String(target.port),
        TARGET_BASE_URL: target.url,
        REFERENCE_COGNITO_PASSWORD: PASSWORD,
        TARGET_LOG_FILE: logFile,
        ...variables,
      },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const start = stdout.indexOf('{');
      const report = (start >= 0 ? JSON.parse(stdout.slice(start)) : {}) as DoctorReport;
      resolve({ code, out: stdout + stderr, report });
    });
  });
}

test('TOKEN_TRANSPORT=cookie against an API that reads only the cookie: the doctor delivers it there and says OK', async () => {
  const { code, out, report } = await doctor({
    TOKEN_TRANSPORT: 'cookie',
    TOKEN_TRANSPORT_COOKIE: 'enceladus_id_token',
  });
  expect(code, out).toBe(0);
  expect(report.ok, out).toBe(true);
  expect(report.status, out).toBe(200);
  expect(report.diagnoses, out).toEqual([]);
  // The token went in the cookie, fingerprinted, and never in an Authorization header nor in clear.
  expect(out).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  expect(out).not.toContain(PASSWORD);
});

test('TOKEN_TRANSPORT=header against the same API: refused, and the code says the API saw no token', async () => {
  const { code, out, report } = await doctor({ TOKEN_TRANSPORT: 'header' });
  expect(code, out).toBe(1);
  expect(report.ok, out).toBe(false);
  expect(report.status, out).toBe(401);
  expect(report.diagnoses[0]?.code, out).toBe('AC_BACKEND_SAW_NO_TOKEN');
  expect(out).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
});

test('TOKEN_TRANSPORT=cookie naming a cookie the API does not read: the API saw no token, and the summary names the cookie the token went in', async () => {
  const { code, out, report } = await doctor({ TOKEN_TRANSPORT: 'cookie', TOKEN_TRANSPORT_COOKIE: 'session_token' });
  expect(code, out).toBe(1);
  expect(report.diagnoses[0]?.code, out).toBe('AC_BACKEND_SAW_NO_TOKEN');
  expect(report.diagnoses[0]?.summary, out).toMatch(
    /^the harness sent the token by cookie session_token, but the backend/,
  );
  expect(report.diagnoses[0]?.summary, out).not.toContain('Authorization header');
  expect(out).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
});
