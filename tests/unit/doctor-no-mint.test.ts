import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { jwtVerify, SignJWT } from 'jose';
import { runDoctor } from '../../helpers/doctor/doctor';
import { harnessFor, json, scriptedTarget } from './support/in-process-doctor';

/**
 * A target the harness holds no key for (RS256, no SIGNING_KEY_CHAIN: no-mint mode): its login issues tokens signed
 * with its own private key and its API verifies them with jose. The doctor must replay the issued token and say OK,
 * never "signing key mismatch" because a token signed with the harness's throwaway key is (rightly) refused.
 */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

async function rsaTarget(options: { audience: string; logFile?: string }) {
  let sent = 0;
  const target = await scriptedTarget(async (req, res) => {
    sent++;
    if (req.url === '/api/v1/auth/login') {
      const token = await new SignJWT({ role: 'user' })
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject('alice')
        .setIssuer('https://auth.reference.test')
        .setAudience('reference-api')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return json(res, 200, { access_token: token });
    }
    const token = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1] ?? '';
    try {
      await jwtVerify(token, publicKey, { audience: options.audience, issuer: 'https://auth.reference.test' });
      return json(res, 200, { sub: 'alice' });
    } catch (error) {
      if (options.logFile)
        appendFileSync(
          options.logFile,
          `${new Date().toISOString()} ${String(req.headers['x-request-id'])} ${(error as Error).message}\n`,
        );
      return json(res, 401, { message: 'Unauthorized' });
    }
  });
  return { ...target, requests: () => sent };
}

async function doctorFor(audience: string, extra: (logFile: string) => Record<string, string> = () => ({})) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-doctor-'));
  const logFile = join(dir, 'api.log');
  writeFileSync(logFile, '');
  const target = await rsaTarget({ audience, logFile });
  const harness = await harnessFor({
    REFERENCE_PORT: new URL(target.url).port,
    TARGET_BASE_URL: target.url,
    JWT_ALG: 'RS256',
    ...extra(logFile),
  });
  try {
    expect(harness.config.jwt.mint).toBe('none');
    const report = await runDoctor(
      { ...harness, variables: { PATH: process.env['PATH'] } },
      { url: `${target.url}/api/v1/me`, method: 'GET', headers: {} },
    );
    return { report, requests: target.requests() };
  } finally {
    await harness.close();
    await target.close();
  }
}

test('a healthy target in no-mint mode: OK, no control signed with a throwaway key, the request marker shown', async () => {
  const { report, requests } = await doctorFor('reference-api');
  expect(report.verdict).toBe('OK: accepted (200); no problem found');
  expect(report.ok).toBe(true);
  expect(report.diagnoses).toEqual([]);
  // The login and the replay: nothing else is needed to say OK.
  expect(report.requests).toBe(2);
  expect(requests).toBe(2);
  expect(report.evidence['requestMarker']).toEqual({
    requestId: expect.stringMatching(/^ac-/),
    traceparent: expect.stringMatching(/^00-[\da-f]{32}-[\da-f]{16}-01$/),
  });
});

test("no-mint, the API's audience drifted behind a bare 401: with its logs declared, the doctor quotes jose's words", async () => {
  const { report } = await doctorFor('another-app-client', (logFile) => ({ TARGET_LOG_FILE: logFile }));
  expect(report.ok).toBe(false);
  expect(report.diagnoses[0]?.code).toBe('AC_AUDIENCE_DRIFT');
  expect(report.verdict).toContain('unexpected "aud" claim value');
  expect(report.requests).toBeLessThanOrEqual(20);
});
