import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { login } from '../../helpers/auth/login';
import { systemClock } from '../../helpers/clock/clock';
import { connectProvider, verifyThroughProvider } from '../../helpers/oidc/provider';
import { requestToken } from '../../helpers/oidc/token-request';
import { publishedKeyFor } from '../../helpers/oidc/published-key';
import { diagnoseRefusal } from '../../helpers/diagnosis/diagnose-refusal';
import { harnessSigningKey, resolveHarnessSecret } from '../../helpers/token/harness-key';
import { negativeCases } from '../../helpers/token/negative-cases';
import { acceptedNegativeCode } from '../../helpers/diagnosis/accepted-negative';
import { oauthLogin } from '../../helpers/oidc/oauth-login';
import { scopeNotEnforced } from '../../helpers/oidc/scope';
import { clientFor, loadInteropEnv } from './support/load-interop-env';
import { startOidcProviderStack, type InteropFault, type InteropStack } from './support/oidc-provider-stack';

const running: InteropStack[] = [];
async function stack(faults: InteropFault[] = []): Promise<InteropStack> {
  const started = await startOidcProviderStack({ faults, clientSecret: randomBytes(24).toString('base64url') });
  running.push(started);
  return started;
}
test.afterEach(async () => {
  await Promise.all(running.splice(0).map((item) => item.close()));
});

test('oidc-provider: discovery, a client_credentials token by client_secret_basic, verified through the JWKS', async () => {
  const idp = await stack();
  const config = loadInteropEnv('oidc-provider', idp.variables);
  expect(config.jwt.mint).toBe('none');
  const http = clientFor(config);
  try {
    const provider = await connectProvider(http, config);
    expect(provider.metadata).toMatchObject({
      issuer: idp.issuer,
      tokenEndpoint: `${idp.issuer}/token`,
      jwksUri: `${idp.issuer}/jwks`,
      from: 'discovery',
    });
    const result = await login(http, config, config.users.user);
    expect(result.exchange?.status).toBe(200);
    const token = result.token as string;
    const verdict = await verifyThroughProvider(provider, config, token, systemClock);
    expect(verdict).toMatchObject({ ok: true, verifiedKid: 'key-2026-11', tokenAlg: 'RS256', problems: [] });
    const api = await http.send(`${idp.apiUrl}/api/items`, { bearer: token, useJar: false });
    expect(api.status).toBe(200);
    // The form body and Basic auth are what the provider checked: a wrong secret is refused with invalid_client.
    const wrong = await requestToken(
      http,
      { ...config, oauth: { ...config.oauth!, clientSecret: undefined, clientAuth: 'client_secret_post' } },
      provider.metadata.tokenEndpoint as string,
      { grant: 'client_credentials' },
    );
    expect(wrong.exchange.status).toBe(401);
    expect(wrong.error).toBe('invalid_client');
  } finally {
    await http.close();
  }
});

test('oidc-provider: a token checked against another issuer or audience, or tampered, says which check failed', async () => {
  const idp = await stack();
  const config = loadInteropEnv('oidc-provider', idp.variables);
  const http = clientFor(config);
  try {
    const provider = await connectProvider(http, config);
    const token = (await login(http, config, config.users.user)).token as string;
    const drifted = await verifyThroughProvider(
      { ...provider, issuer: `${idp.issuer}/other` },
      { ...config, jwt: { ...config.jwt, audience: 'urn:other' } },
      token,
      systemClock,
    );
    expect(drifted?.ok).toBe(false);
    expect(drifted?.verifiedKid).toBe('key-2026-11');
    expect(drifted?.problems.map((problem) => problem.check)).toEqual(['iss', 'aud']);
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${Buffer.alloc(256, 1).toString('base64url')}`;
    const bad = await verifyThroughProvider(provider, config, forged, systemClock);
    expect(bad?.verifiedKid).toBeUndefined();
    expect(bad?.problems.map((problem) => problem.check)).toEqual(['signature']);
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'gone' })).toString('base64url');
    const unknown = await verifyThroughProvider(
      provider,
      config,
      `${header}.${p}.${forged.split('.')[2]}`,
      systemClock,
    );
    expect(unknown?.problems[0]).toMatchObject({ check: 'kid' });
    expect(unknown?.problems[0]?.message).toContain('"key-2026-11"');
  } finally {
    await http.close();
  }
});

/** The harness's own pieces for one env, as the suites get them from their fixtures. */
async function harnessFor(config: ReturnType<typeof loadInteropEnv>) {
  const resolution = resolveHarnessSecret(config, {});
  const key = await harnessSigningKey(config, resolution);
  return { resolution, key };
}

test('no-mint mode against a jose resource server: every negative case built from the issued token is refused 401', async () => {
  const idp = await stack();
  const config = loadInteropEnv('oidc-provider', idp.variables);
  const http = clientFor(config);
  try {
    const { key } = await harnessFor(config);
    expect(key.ephemeral).toBe(true);
    const provider = await connectProvider(http, config);
    const valid = (await login(http, config, config.users.user)).token as string;
    const cases = await negativeCases(config, key, { publicJwk: () => publishedKeyFor(provider, valid) });
    const ids = cases.map((item) => item.id);
    // Minting cases are out (no key the target trusts); the forged-key cases for RSA are in.
    expect(ids).not.toContain('expired');
    expect(ids).toEqual(
      expect.arrayContaining([
        'tampered-payload',
        'alg-none',
        'rs-hs-key-confusion',
        'embedded-jwk-rsa',
        'unknown-kid',
        'path-kid',
        'other-key-same-kid',
        'jku-elsewhere',
        'x5u-elsewhere',
        'other-audience-token',
      ]),
    );
    expect((await http.send(`${idp.apiUrl}/api/items`, { bearer: valid, useJar: false })).status).toBe(200);
    for (const negative of cases) {
      const token = await negative.build({
        valid,
        mint: () => Promise.reject(new Error('no-mint mode')),
        issueFor: async (resource) => (await oauthLogin(http, config, config.users.user, { resource })).token,
      });
      const url =
        negative.delivery === 'query' ? `${idp.apiUrl}/api/items?access_token=${token}` : `${idp.apiUrl}/api/items`;
      const exchange = await http.send(url, {
        useJar: false,
        ...(token === undefined || negative.delivery === 'query' ? {} : { bearer: token }),
      });
      expect(negative.refusals ?? [401], negative.id).toContain(exchange.status);
    }
  } finally {
    await http.close();
  }
});

/** The checks of the REST suite that need no refusal diagnosis: routes with their declared status, negative cases. */
async function routeAndNegativeCodes(config: ReturnType<typeof loadInteropEnv>, http: ReturnType<typeof clientFor>) {
  const { key } = await harnessFor(config);
  const provider = await connectProvider(http, config);
  const token = (await login(http, config, config.users.user)).token as string;
  const codes: string[] = [];
  for (const route of config.routes) {
    const exchange = await http.send(`${config.target.baseUrl}${route.path}`, { bearer: token, useJar: false });
    const unscoped = scopeNotEnforced(route.path, route.status, exchange.status, token);
    if (unscoped) codes.push(unscoped.code);
  }
  const control = `${config.target.baseUrl}/api/items`;
  for (const negative of await negativeCases(config, key, { publicJwk: () => publishedKeyFor(provider, token) })) {
    const forged = await negative.build({
      valid: token,
      mint: () => Promise.reject(new Error('no-mint mode')),
      issueFor: async (resource) => (await oauthLogin(http, config, config.users.user, { resource })).token,
    });
    if (negative.delivery === 'query' || forged === undefined) continue;
    const exchange = await http.send(control, { bearer: forged, useJar: false });
    if (exchange.status < 400) codes.push(acceptedNegativeCode(negative.id));
  }
  return codes;
}

for (const [fault, codes] of [
  ['', []],
  ['scope-unchecked', ['AC_SCOPE_NOT_ENFORCED']],
  ['audience-unchecked', ['AC_AUDIENCE_NOT_CHECKED']],
] as const) {
  test(`oidc-provider + jose API${fault ? ` with ${fault}` : ' (healthy)'}: routes and negative cases give ${codes.join(' ') || 'no code'}`, async () => {
    const idp = await stack(fault ? [fault] : []);
    const config = loadInteropEnv('oidc-provider', idp.variables);
    const http = clientFor(config);
    try {
      expect(await routeAndNegativeCodes(config, http)).toEqual(codes);
    } finally {
      await http.close();
    }
  });
}

for (const [fault, code] of [
  ['audience-drift', 'AC_AUDIENCE_DRIFT'],
  ['issuer-drift', 'AC_API_TRUSTS_OTHER_ISSUER'],
  ['kid-rotation', 'AC_KID_NOT_IN_API_JWKS'],
] as const) {
  test(`oidc-provider + jose API with ${fault}: the refusal of the provider's own token is named ${code} first`, async () => {
    const idp = await stack([fault]);
    const config = loadInteropEnv('oidc-provider', idp.variables);
    const http = clientFor(config);
    try {
      const { resolution, key } = await harnessFor(config);
      const token = (await login(http, config, config.users.user)).token as string;
      const url = `${idp.apiUrl}/api/items`;
      const exchange = await http.send(url, { bearer: token, useJar: false });
      expect(exchange.status).toBe(401);
      const report = await diagnoseRefusal(
        { config, resolution, key, clock: systemClock, http, issuedToken: token },
        { url, method: 'GET', exchange, token, delivery: 'header', expectedStatus: 200 },
      );
      expect(report.diagnoses[0]?.code).toBe(code);
    } finally {
      await http.close();
    }
  });
}
