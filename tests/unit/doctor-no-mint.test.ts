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

async function rsaTarget(options: {
  audience: string;
  logFile?: string;
  issuer?: string;
  tokenUse?: string;
  /** Answer the login as Cognito's InitiateAuth does: an ID token and an access token. */
  cognitoShape?: boolean;
}) {
  let sent = 0;
  const target = await scriptedTarget(async (req, res) => {
    sent++;
    if (req.url === '/api/v1/auth/login') {
      const issue = (tokenUse: string) =>
        new SignJWT({ role: 'user', token_use: tokenUse })
          .setProtectedHeader({ alg: 'RS256' })
          .setSubject('alice')
          .setIssuer('https://auth.reference.test')
          .setAudience('reference-api')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      if (options.cognitoShape)
        return json(res, 200, {
          AuthenticationResult: { IdToken: await issue('id'), AccessToken: await issue('access'), TokenType: 'Bearer' },
        });
      return json(res, 200, { access_token: await issue('id') });
    }
    const token = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1] ?? '';
    try {
      const { payload } = await jwtVerify(token, publicKey, {
        audience: options.audience,
        issuer: options.issuer ?? 'https://auth.reference.test',
      });
      if (options.tokenUse && payload['token_use'] !== options.tokenUse)
        return json(res, 401, { message: 'Unauthorized' });
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

async function doctorFor(
  audience: string,
  extra: (logFile: string) => Record<string, string> = () => ({}),
  api: { issuer?: string; tokenUse?: string; cognitoShape?: boolean } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-doctor-'));
  const logFile = join(dir, 'api.log');
  writeFileSync(logFile, '');
  const target = await rsaTarget({ audience, logFile, ...api });
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

/** A config command printing a Lambda's configuration (`aws lambda get-function-configuration` shape). */
function lambdaConfigCommand(variables: Record<string, string>): string {
  const dump = JSON.stringify({ FunctionName: 'api', Environment: { Variables: variables } });
  return `${process.execPath} -e "process.stdout.write(process.argv[1])" '${dump}'`;
}

test('token_use drift behind a bare 401: the deployed settings say the API wants access tokens, the login gives ID tokens', async () => {
  const { report } = await doctorFor(
    'reference-api',
    () => ({
      TARGET_CONFIG_COMMAND: lambdaConfigCommand({ TOKEN_USE: 'access', APP_CLIENT_ID: 'reference-api' }),
      TARGET_CONFIG_KEYS: 'token_use:TOKEN_USE,audience:APP_CLIENT_ID',
    }),
    { tokenUse: 'access' },
  );
  expect(report.diagnoses[0]?.code).toBe('AC_API_WANTS_OTHER_TOKEN_TYPE');
  expect(report.verdict).toContain(
    'the API is deployed to verify access tokens (TARGET_CONFIG_COMMAND (node), TOKEN_USE) but the client sends id tokens',
  );
});

test('token_use drift without deployed settings: the honest generic answer, not a token type', async () => {
  const { report } = await doctorFor('reference-api', () => ({}), { tokenUse: 'access' });
  expect(report.ok).toBe(false);
  expect(report.diagnoses.map((entry) => entry.code)).not.toContain('AC_API_WANTS_OTHER_TOKEN_TYPE');
});

test("issuer spelling drift: the API's deployed issuer has a trailing slash, the token's has none", async () => {
  const { report } = await doctorFor(
    'reference-api',
    () => ({
      TARGET_CONFIG_COMMAND: lambdaConfigCommand({ JWT_ISSUER: 'https://auth.reference.test/' }),
      TARGET_CONFIG_KEYS: 'issuer:JWT_ISSUER',
    }),
    { issuer: 'https://auth.reference.test/' },
  );
  expect(report.diagnoses[0]?.code).toBe('AC_ISSUER_SPELLING_DRIFT');
  expect(report.diagnoses[0]?.summary).toContain('deployed JWT_ISSUER="https://auth.reference.test/"');
});

test('pool drift: the deployed pool id is another pool than the one the token comes from', async () => {
  const { report } = await doctorFor(
    'reference-api',
    () => ({
      JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_CLIENTPOOL',
      TARGET_CONFIG_COMMAND: lambdaConfigCommand({ USER_POOL_ID: 'eu-west-1_OTHERPOOL' }),
      TARGET_CONFIG_KEYS: 'pool:USER_POOL_ID',
    }),
    { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_OTHERPOOL' },
  );
  expect(report.diagnoses[0]?.code).toBe('AC_DEPLOYED_CONFIG_DRIFT');
  expect(report.diagnoses[0]?.summary).toContain('pool: deployed USER_POOL_ID="eu-west-1_OTHERPOOL"');
});

test('token-type differential: the login returned an ID token and an access token; the route takes only the access token', async () => {
  const { report } = await doctorFor(
    'reference-api',
    () => ({ LOGIN_TOKEN_JSON_FIELD: 'AuthenticationResult.IdToken' }),
    { tokenUse: 'access', cognitoShape: true },
  );
  expect(report.diagnoses[0]?.code).toBe('AC_API_WANTS_OTHER_TOKEN_TYPE');
  expect(report.diagnoses[0]?.summary).toBe(
    'the route refuses the ID token (AuthenticationResult.IdToken) and accepts the access token (AuthenticationResult.AccessToken) the same login returned',
  );
  expect(report.requests).toBeLessThanOrEqual(20);
});
