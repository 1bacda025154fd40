import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import jsonwebtoken from 'jsonwebtoken';
import { diagnoseRefusal } from '../../helpers/diagnosis/diagnose-refusal';
import { mintOptionsFromConfig } from '../../helpers/token/claims-from-config';
import { mintToken } from '../../helpers/token/mint-token';
import { harnessFor, json, scriptedTarget } from './support/in-process-doctor';

/**
 * A silent backend (bare `{"message":"Unauthorized"}` 401s, as seed 000's API Gateway answered) whose verifier is the
 * real jsonwebtoken library and whose log line is the library's own message (or the Python runtime's own import
 * error), written with the request's X-Request-Id where TARGET_LOG_FILE / TARGET_LOG_COMMAND read it.
 */
const SECRET = 'local-reference-only-5b0d1c8e2f7a4e3b9c6d0a1f8e7b2c4d';

type Fault = 'audience-drift' | 'library-missing';

async function pythonImportError(): Promise<string> {
  return promisify(execFile)('python3', ['-c', 'import jwt_not_installed_in_this_layer'], {}).then(
    () => 'python imported it',
    (error: { stderr: string }) => error.stderr.trim().split('\n').at(-1) ?? '',
  );
}

async function silentBackend(fault: Fault, logFile: string) {
  const importError = fault === 'library-missing' ? await pythonImportError() : '';
  return scriptedTarget((req, res) => {
    const id = String(req.headers['x-request-id'] ?? '-');
    const stamp = new Date().toISOString();
    const token = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1] ?? '';
    let message = 'no token';
    if (fault === 'library-missing')
      message = `[ERROR] Runtime.ImportModuleError: Unable to import module 'app': ${importError}`;
    else
      try {
        jsonwebtoken.verify(token, SECRET, { audience: 'another-app-client', issuer: 'https://auth.reference.test' });
        message = 'ok';
      } catch (error) {
        message = (error as Error).message;
      }
    appendFileSync(logFile, `${stamp} ${id} auth: ${message}\n`);
    if (message === 'ok') json(res, 200, { sub: 'alice' });
    else json(res, 401, { message: 'Unauthorized' });
  });
}

async function diagnoseAgainst(fault: Fault, logKeys: (file: string) => Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-silent-'));
  const logFile = join(dir, 'api.log');
  writeFileSync(logFile, `${new Date(Date.now() - 3_600_000).toISOString()} - auth: jwt expired\n`);
  const target = await silentBackend(fault, logFile);
  const port = new URL(target.url).port;
  const harness = await harnessFor({
    REFERENCE_PORT: port,
    TARGET_BASE_URL: target.url,
    ...logKeys(logFile),
  });
  try {
    const token = await mintToken({
      ...mintOptionsFromConfig(harness.config, harness.key, harness.clock),
      notBeforeOffsetMs: 0,
    });
    const url = `${target.url}/api/v1/me`;
    const exchange = await harness.http.send(url, { bearer: token, useJar: false });
    expect(exchange.status).toBe(401);
    return await diagnoseRefusal(
      { ...harness, variables: { PATH: process.env['PATH'] } },
      { url, method: 'GET', exchange, token, delivery: 'header', tokenOrigin: 'harness', sentAtMs: Date.now() },
    );
  } finally {
    await harness.close();
    await target.close();
  }
}

test("audience drift behind a bare 401: the API's log line (jsonwebtoken's own words) names it", async () => {
  const report = await diagnoseAgainst('audience-drift', (file) => ({ TARGET_LOG_FILE: file }));
  expect(report.diagnoses[0]?.code).toBe('AC_AUDIENCE_DRIFT');
  expect(report.diagnoses[0]?.summary).toContain('backend log, TARGET_LOG_FILE');
  expect(report.diagnoses[0]?.summary).toContain('jwt audience invalid. expected: another-app-client');
  const log = report.evidence['backendLog'] as { selectedBy: string; lines: string[] };
  expect(log.selectedBy).toBe('marker');
  // The hour-old "jwt expired" line of another request is not this request's evidence.
  expect(log.lines.join('\n')).not.toContain('jwt expired');
  expect(report.requests).toBe(0);
  expect(report.steps.find((step) => step.step === "the API's logs")?.found).toEqual(['AC_AUDIENCE_DRIFT']);
});

test('audience drift without declared logs: not named from a bare 401 (honest, generic)', async () => {
  const report = await diagnoseAgainst('audience-drift', () => ({}));
  expect(report.diagnoses.map((entry) => entry.code)).not.toContain('AC_AUDIENCE_DRIFT');
  expect(report.evidence['backendLog']).toBeUndefined();
});

test("the JWT library missing from the layer: the runtime's import error, read by a log command filtering on {requestId}", async () => {
  const report = await diagnoseAgainst('library-missing', (file) => ({
    TARGET_LOG_COMMAND: `${process.execPath} -e "const fs=require('fs');for(const l of fs.readFileSync(process.argv[1],'utf8').split('\\n'))if(l.includes(process.argv[2]))console.log(l)" ${file} {requestId}`,
  }));
  expect(report.diagnoses[0]?.code).toBe('AC_AUTH_LIBRARY_NOT_LOADED');
  expect(report.diagnoses[0]?.summary).toContain("No module named 'jwt_not_installed_in_this_layer'");
  expect(report.diagnoses[0]?.summary).toContain('TARGET_LOG_COMMAND (node)');
});

test('a log command that hangs: a note naming the key, and the ladder goes on with its probes', async () => {
  const report = await diagnoseAgainst('library-missing', () => ({
    TARGET_LOG_COMMAND: `${process.execPath} -e "setInterval(()=>{},1000)" {requestId}`,
    TARGET_LOG_TIMEOUT: '500ms',
  }));
  expect(report.diagnoses.map((entry) => entry.code)).not.toContain('AC_AUTH_LIBRARY_NOT_LOADED');
  expect(report.evidence['notes']).toEqual(
    expect.arrayContaining([
      "the API's logs could not be read: TARGET_LOG_COMMAND (node) did not finish within 0.5 s and was stopped",
    ]),
  );
  expect(report.requests).toBeGreaterThan(0);
});
