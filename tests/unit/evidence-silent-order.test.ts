import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { buildHarness } from '../../helpers/harness/build-harness';
import type { DiagnosisReport } from '../../helpers/diagnosis/ladder/ladder-state';
import { startReference } from '../../reference/start';

/**
 * The step order on a silent backend: the reference target in seed 000's shape (bare `{"message":"Unauthorized"}`
 * 401s, aws-jwt-verify in the handler, its log line keyed by X-Request-Id) with an app-client drift. The token is the
 * login's own ID token, so the provider's published key verifies it: without the API's logs the ladder can only say
 * "refuses its own tokens"; with them, the log line for this very request names the audience, before the provider's
 * keys conclude.
 */
const ENV_DIR = fileURLToPath(new URL('../self/cases/seed000-env', import.meta.url));
const PASSWORD = 'Ref-silent-order-test-9';

async function diagnoseSilentRefusal(withLog: boolean, fault = 'cognito-client-drift'): Promise<DiagnosisReport> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'authcanary-silent-order-')), 'api.log');
  const target = await startReference({
    env: {
      APP_ENV: 'local',
      REFERENCE_MODE: 'cognito',
      REFERENCE_COGNITO_PASSWORD: PASSWORD,
      REFERENCE_LOG_FILE: logFile,
      REFERENCE_FAULTS: fault,
    },
    port: 0,
  });
  const harness = await buildHarness({
    envDir: ENV_DIR,
    variables: {
      AUTH_ENV: 'local',
      APP_ENV: 'local',
      REFERENCE_TARGET: 'none',
      REFERENCE_PORT: String(target.port),
      TARGET_BASE_URL: target.url,
      REFERENCE_COGNITO_PASSWORD: PASSWORD,
      PATH: process.env['PATH'],
      ...(withLog ? { TARGET_LOG_FILE: logFile } : {}),
    },
  });
  const client = harness.http({ retries: 0 });
  try {
    const token = await harness.issuedToken();
    expect(token, 'the login returns a token').toBeTruthy();
    const url = `${target.url}/api/v1/me`;
    const sentAtMs = Date.now();
    const exchange = await client.send(url, { bearer: token, useJar: false });
    expect(exchange.status).toBe(401);
    return await harness.diagnose(
      { url, method: 'GET', exchange, token, delivery: 'cookie', tokenOrigin: 'target', sentAtMs },
      client,
    );
  } finally {
    await client.close();
    await harness.close();
    await target.close();
  }
}

test("a silent 401 the provider's key explains only generically: honest code without the API's logs", async () => {
  const report = await diagnoseSilentRefusal(false);
  expect(report.diagnoses[0]?.code).toBe('AC_API_REFUSES_OWN_TOKENS');
  // The provider's keys verified the token: that step is the one that concluded.
  expect(report.steps.find((step) => step.step === "the identity provider's keys")?.found).toContain(
    'AC_API_REFUSES_OWN_TOKENS',
  );
  expect(report.steps.find((step) => step.step === "the API's logs")?.skipped).toMatch(/backend-logs/);
});

test("the same silent 401 with the API's log declared: its line names the cause before the provider's keys conclude", async () => {
  const report = await diagnoseSilentRefusal(true);
  expect(report.diagnoses.map((entry) => entry.code)).toEqual(['AC_AUDIENCE_DRIFT']);
  expect(report.diagnoses[0]?.summary).toContain('Client ID ("audience") not allowed');
  expect(report.steps.find((step) => step.step === "the API's logs")?.found).toEqual(['AC_AUDIENCE_DRIFT']);
  // The ladder stopped on the backend's word: the provider's keys never ran, and no probe was spent.
  expect(report.steps.map((step) => step.step)).not.toContain("the identity provider's keys");
  expect(report.requests).toBe(0);
});

test("issuer spelling behind a silent 401: the log's expected issuer is the token's own with a trailing slash", async () => {
  const report = await diagnoseSilentRefusal(true, 'cognito-issuer-spelling-drift');
  expect(report.diagnoses.map((entry) => entry.code)).toEqual(['AC_ISSUER_SPELLING_DRIFT']);
  expect(report.diagnoses[0]?.summary).toContain('the same provider spelled differently');
  expect(report.diagnoses[0]?.summary).toContain('backend log, TARGET_LOG_FILE');
});
