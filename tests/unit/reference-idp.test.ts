import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { acceptedNegativeCode } from '../../helpers/diagnosis/accepted-negative';
import { diagnoseRefusal } from '../../helpers/diagnosis/diagnose-refusal';
import { systemClock } from '../../helpers/clock/clock';
import { loadTargetConfig } from '../../helpers/env/load-env';
import type { TargetConfig } from '../../helpers/env/target-config';
import { HttpClient } from '../../helpers/http/http-client';
import { oauthLogin } from '../../helpers/oidc/oauth-login';
import { connectProvider, verifyThroughProvider } from '../../helpers/oidc/provider';
import { publishedKeyFor } from '../../helpers/oidc/published-key';
import { scopeNotEnforced } from '../../helpers/oidc/scope';
import { explainTokenRefusal } from '../../helpers/oidc/token-refusal';
import { harnessSigningKey, resolveHarnessSecret } from '../../helpers/token/harness-key';
import { negativeCases } from '../../helpers/token/negative-cases';
import { IDP_FAULTS, type IdpFault } from '../../reference/idp/idp-faults';
import { startIdpReference, type IdpReference } from '../../reference/idp/start-idp';

/**
 * The reference target's identity-provider mode, in-process: env/idp.env alone describes it; a healthy provider passes
 * every REST check the harness makes, and each fault is named right first. The checks run in the suite's order:
 * login, the issued token through the published keys, the declared routes, the negative cases.
 */
const ENV_DIR = fileURLToPath(new URL('../../env', import.meta.url));
const running: IdpReference[] = [];
test.afterEach(async () => {
  await Promise.all(running.splice(0).map((item) => item.close()));
});

async function startIdp(faults: IdpFault[], alg: 'RS256' | 'ES256' = 'RS256') {
  const clientSecret = randomBytes(24).toString('base64url');
  const idp = await startIdpReference({
    env: { IDP_CLIENT_SECRET: clientSecret, IDP_ALG: alg, REFERENCE_FAULTS: faults.join(',') },
    port: 0,
  });
  running.push(idp);
  const config = loadTargetConfig({
    envName: 'idp',
    envDir: ENV_DIR,
    processVariables: { REFERENCE_PORT: String(idp.port), IDP_CLIENT_SECRET: clientSecret, JWT_ALG: alg },
  }).config;
  return { idp, config };
}

/** Every code the REST checks find, in the order the suite meets them. */
async function restCodes(config: TargetConfig): Promise<string[]> {
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  const codes: string[] = [];
  try {
    const resolution = resolveHarnessSecret(config, {});
    const key = await harnessSigningKey(config, resolution);
    const login = await oauthLogin(http, config, config.users.user);
    if (!login.token) return [explainTokenRefusal(config, login.exchange).code];
    const token = login.token;
    const provider = await connectProvider(http, config);
    const verdict = await verifyThroughProvider(provider, config, token, systemClock);
    // The negative cases are built from the issued token's published key: without one there is nothing to build.
    if (!verdict?.ok) return ['AC_ISSUED_TOKEN_UNVERIFIABLE'];
    for (const route of config.routes) {
      const url = `${config.target.baseUrl}${route.path}`;
      const exchange = await http.send(url, { bearer: token, useJar: false });
      if (exchange.status === route.status) continue;
      const unscoped = scopeNotEnforced(`${route.method} ${route.path}`, route.status, exchange.status, token);
      if (unscoped) {
        codes.push(unscoped.code);
        continue;
      }
      const report = await diagnoseRefusal(
        { config, resolution, key, clock: systemClock, http, issuedToken: token },
        { url, method: route.method, exchange, token, delivery: 'header', expectedStatus: route.status },
      );
      codes.push(...report.diagnoses.map((entry) => entry.code));
    }
    const control = `${config.target.baseUrl}/api/v1/projects`;
    for (const negative of await negativeCases(config, key, { publicJwk: () => publishedKeyFor(provider, token) })) {
      const forged = await negative.build({
        valid: token,
        mint: () => Promise.reject(new Error('no-mint mode')),
        issueFor: async (resource) => (await oauthLogin(http, config, config.users.user, { resource })).token,
      });
      const inQuery = negative.delivery === 'query';
      const exchange = await http.send(inQuery ? `${control}?access_token=${forged}` : control, {
        useJar: false,
        ...(forged === undefined || inQuery ? {} : { bearer: forged }),
      });
      if (exchange.status < 400) codes.push(acceptedNegativeCode(negative.id));
      else if (!(negative.refusals ?? [401]).includes(exchange.status)) codes.push('AC_UNEXPECTED_STATUS');
    }
    return codes;
  } finally {
    await http.close();
  }
}

for (const alg of ['RS256', 'ES256'] as const) {
  test(`healthy IdP mode (${alg}): env/idp.env alone, every REST check passes`, async () => {
    const { config, idp } = await startIdp([], alg);
    expect(config.jwt.mint).toBe('none');
    expect(await restCodes(config)).toEqual([]);
    const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
    try {
      const token = (await oauthLogin(http, config, config.users.user)).token as string;
      const verdict = await verifyThroughProvider(await connectProvider(http, config), config, token, systemClock);
      expect(verdict?.verifiedKid).toBe(idp.kids.current);
      expect(verdict?.publishedKids).toEqual([idp.kids.current, idp.kids.retired]);
      const ids = (await negativeCases(config, await harnessSigningKey(config, resolveHarnessSecret(config, {})))).map(
        (item) => item.id,
      );
      expect(ids).toContain(alg === 'ES256' ? 'psychic-signature' : 'embedded-jwk-rsa');
    } finally {
      await http.close();
    }
  });
}

const EXPECTED: Record<IdpFault, string> = {
  'idp-api-other-issuer': 'AC_API_TRUSTS_OTHER_ISSUER',
  'idp-api-pinned-jwks': 'AC_KID_NOT_IN_API_JWKS',
  'idp-api-hs256-public-key': 'AC_KEY_CONFUSION_ACCEPTED',
  'idp-api-embedded-jwk': 'AC_FORGED_KEY_ACCEPTED',
  'idp-api-no-audience': 'AC_AUDIENCE_NOT_CHECKED',
  'idp-api-no-scope': 'AC_SCOPE_NOT_ENFORCED',
  'idp-token-json-only': 'AC_TOKEN_ENDPOINT_ENCODING',
  'idp-api-other-alg': 'AC_ALG_DRIFT',
  'idp-api-typ-jwt': 'AC_API_REFUSES_OWN_TOKENS',
  // The suite checks the issued token through the published keys before any route: it fails there first.
  'idp-token-internal-issuer': 'AC_ISSUED_TOKEN_UNVERIFIABLE',
  'idp-token-unpublished-key': 'AC_ISSUED_TOKEN_UNVERIFIABLE',
};

for (const fault of IDP_FAULTS) {
  test(`IdP mode with ${fault}: named ${EXPECTED[fault]} first`, async () => {
    const { config } = await startIdp([fault]);
    const codes = await restCodes(config);
    expect(codes[0], codes.join(' ')).toBe(EXPECTED[fault]);
  });
}

test('IdP mode token endpoint: client_secret_post works, a wrong secret is invalid_client, refresh_token rotates', async () => {
  const { config } = await startIdp([]);
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  try {
    const post = { ...config, oauth: { ...config.oauth!, clientAuth: 'client_secret_post' as const } };
    const login = await oauthLogin(http, post, config.users.user);
    expect(login.token).toBeDefined();
    expect(login.exchange.record.requestHeaders['authorization']).toBeUndefined();
    const { requestToken } = await import('../../helpers/oidc/token-request');
    const tokenEndpoint = (await connectProvider(http, config)).metadata.tokenEndpoint as string;
    const refreshed = await requestToken(http, config, tokenEndpoint, {
      grant: 'refresh_token',
      refreshToken: login.refreshToken as string,
    });
    expect(refreshed.accessToken).toBeDefined();
    const reused = await requestToken(http, config, tokenEndpoint, {
      grant: 'refresh_token',
      refreshToken: login.refreshToken as string,
    });
    expect(reused.error).toBe('invalid_grant');
    const { Secret } = await import('../../helpers/secret/secret');
    const wrong = {
      ...config,
      oauth: { ...config.oauth!, clientSecret: new Secret(new TextEncoder().encode('not-the-secret'), 'test') },
    };
    const refused = await oauthLogin(http, wrong, config.users.user);
    expect(refused.token).toBeUndefined();
    expect(explainTokenRefusal(wrong, refused.exchange).code).toBe('AC_CLIENT_AUTH_REFUSED');
  } finally {
    await http.close();
  }
});

test('`authcanary decode` and the doctor in IdP mode: which published kid verified the token, or why none did', async () => {
  const { spawn } = await import('node:child_process');
  const { config, idp } = await startIdp(['idp-api-pinned-jwks']);
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  const token = (await oauthLogin(http, config, config.users.user)).token as string;
  await http.close();
  const env = {
    ...process.env,
    AUTH_ENV: 'idp',
    REFERENCE_PORT: String(idp.port),
    REFERENCE_TARGET: 'none',
    IDP_CLIENT_SECRET: new TextDecoder().decode(config.oauth?.clientSecret?.reveal()),
  };
  // Asynchronous: the provider runs in this process and must keep answering while the CLI runs.
  const cli = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/authcanary.js', ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  const decoded = await cli(['decode', token]);
  expect(decoded.status, decoded.stderr).toBe(0);
  expect(decoded.stdout).toContain(
    `signature: verified by published key kid "${idp.kids.current}"; iss, aud, exp as expected`,
  );
  const [, payload, signature] = token.split('.');
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'rs256-2030-01', typ: 'at+jwt' })).toString(
    'base64url',
  );
  const unknown = await cli(['decode', `${header}.${payload}.${signature}`]);
  expect(unknown.status).toBe(1);
  expect(unknown.stdout).toContain('verified by no published key; kid: kid "rs256-2030-01" is not in the JWKS');

  const doctor = await cli(['doctor', '--url', '/api/v1/projects']);
  expect(doctor.status, doctor.stderr).toBe(1);
  expect(doctor.stdout).toMatch(/^verdict: refused \(401\): AC_KID_NOT_IN_API_JWKS/);
  expect(doctor.stdout).toContain(`issuer keys: verified by published key kid "${idp.kids.current}"`);
  expect(doctor.stdout + decoded.stdout).not.toContain(signature);
});
