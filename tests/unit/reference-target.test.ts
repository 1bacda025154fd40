import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { SignJWT, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { DRIFTED_ISSUER } from '../../reference/authenticator';
import { FAULTS, type Fault } from '../../reference/faults';
import { FALLBACK_SECRET, resolveSecret, standardSecretChain, parseSecretFormat } from '../../reference/secret';
import { startReference, type ReferenceTarget } from '../../reference/start';

const ISSUER = 'https://auth.reference.test';
const AUDIENCE = 'reference-api';
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Two distinct random secrets per test: the env-specific one (healthy winner) and the generic `JWT_SECRET_KEY`. */
interface Secrets {
  envSpecific: string;
  generic: string;
}

const newSecret = (): string => randomBytes(32).toString('hex');
const newSecrets = (): Secrets => ({ envSpecific: newSecret(), generic: newSecret() });
const baseEnv = (secrets: Secrets): Record<string, string> => ({
  APP_ENV: 'staging',
  JWT_SECRET_STAGING: secrets.envSpecific,
  JWT_SECRET_KEY: secrets.generic,
});

const running: ReferenceTarget[] = [];

async function start(env: Record<string, string>): Promise<ReferenceTarget> {
  const target = await startReference({ env, port: 0 });
  running.push(target);
  return target;
}

test.afterEach(async () => {
  await Promise.all(running.splice(0).map((target) => target.close()));
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Mints an HS256 access token the way a harness would (default: alice, valid for 5 minutes). */
async function mint(key: string | Uint8Array, claims: JWTPayload = {}): Promise<string> {
  const iat = nowSeconds();
  return new SignJWT({ sub: 'alice', role: 'user', iss: ISSUER, aud: AUDIENCE, iat, exp: iat + 300, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(typeof key === 'string' ? new TextEncoder().encode(key) : key);
}

function get(
  target: ReferenceTarget,
  path: string,
  auth: { bearer?: string; cookie?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (auth.bearer !== undefined) headers.authorization = `Bearer ${auth.bearer}`;
  if (auth.cookie !== undefined) headers.cookie = auth.cookie;
  return fetch(`${target.url}${path}`, { headers });
}

function post(target: ReferenceTarget, path: string, body?: unknown, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie !== undefined) headers.cookie = cookie;
  return fetch(`${target.url}${path}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** `name=value` pairs of the Set-Cookie headers. */
function cookieValues(res: Response): Map<string, string> {
  const values = new Map<string, string>();
  for (const header of res.headers.getSetCookie()) {
    const [pair = ''] = header.split(';');
    const separator = pair.indexOf('=');
    values.set(pair.slice(0, separator), pair.slice(separator + 1));
  }
  return values;
}

async function login(
  target: ReferenceTarget,
  username = 'alice',
): Promise<{ accessToken: string; cookies: Map<string, string> }> {
  const res = await post(target, '/api/v1/auth/login', { username, password: `${username}-password` });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string };
  return { accessToken: body.access_token, cookies: cookieValues(res) };
}

/** `<status>` or `<status> <error_description | error>`: what a probe compares between healthy and faulty. */
async function summary(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { error?: string; error_description?: string };
  const detail = body.error_description ?? body.error;
  return detail === undefined ? `${res.status}` : `${res.status} ${detail}`;
}

/** Seconds between the target's Date header and the runner's clock. */
function dateOffsetSeconds(res: Response): number {
  return (Date.parse(res.headers.get('date') ?? '') - Date.now()) / 1000;
}

const loginThenMe = async (target: ReferenceTarget): Promise<string> =>
  summary(await get(target, '/api/v1/me', { bearer: (await login(target)).accessToken }));

test.describe('reference target, healthy', () => {
  test('GET /health answers without auth, with a Date header from the target clock', async () => {
    const target = await start(baseEnv(newSecrets()));
    const res = await get(target, '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(Math.abs(dateOffsetSeconds(res))).toBeLessThan(5);
  });

  test('login issues an HS256 access token, a refresh token and the two cookies', async () => {
    const target = await start(baseEnv(newSecrets()));
    const res = await post(target, '/api/v1/auth/login', { username: 'alice', password: 'alice-password' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
    const accessToken = body.access_token as string;

    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(accessToken);
    expect(claims).toEqual({
      sub: 'alice',
      role: 'user',
      iss: ISSUER,
      aud: AUDIENCE,
      iat: expect.any(Number),
      exp: expect.any(Number),
      jti: expect.any(String),
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(Math.abs(claims.iat! - nowSeconds())).toBeLessThan(5);

    const setCookies = res.headers.getSetCookie();
    expect(setCookies).toHaveLength(2);
    expect(setCookies[0]).toBe(`access_token=${accessToken}; Path=/; HttpOnly; Secure; SameSite=None`);
    expect(setCookies[1]).toMatch(/^refresh_token=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; Secure; SameSite=None$/);
    expect(decodeJwt(cookieValues(res).get('refresh_token')!)).toMatchObject({ sub: 'alice', token_use: 'refresh' });
  });

  test('bad credentials answer 401, a malformed body 400', async () => {
    const target = await start(baseEnv(newSecrets()));
    const wrong = await post(target, '/api/v1/auth/login', { username: 'alice', password: 'ada-password' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_credentials' });
    expect((await post(target, '/api/v1/auth/login', { username: 'nobody', password: 'x' })).status).toBe(401);
    const garbage = await fetch(`${target.url}/api/v1/auth/login`, { method: 'POST', body: '{not json' });
    expect(garbage.status).toBe(400);
    expect((await post(target, '/api/v1/auth/login', { username: 'alice' })).status).toBe(400);
  });

  test('the access token works by header and by cookie on /me and /projects', async () => {
    const target = await start(baseEnv(newSecrets()));
    const { accessToken } = await login(target);
    const byHeader = await get(target, '/api/v1/me', { bearer: accessToken });
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers.get('cache-control')).toBe('no-store');
    expect(await byHeader.json()).toEqual({ sub: 'alice', role: 'user' });
    const byCookie = await get(target, '/api/v1/me', { cookie: `access_token=${accessToken}` });
    expect(await byCookie.json()).toEqual({ sub: 'alice', role: 'user' });
    const projects = await get(target, '/api/v1/projects', { bearer: accessToken });
    expect(projects.status).toBe(200);
    expect(await projects.json()).toEqual({ projects: expect.any(Array) });
  });

  test('the admin route answers 403 insufficient_scope for alice and 200 for ada', async () => {
    const target = await start(baseEnv(newSecrets()));
    const alice = await get(target, '/api/v1/admin/users', { bearer: (await login(target, 'alice')).accessToken });
    expect(alice.status).toBe(403);
    expect(alice.headers.get('www-authenticate')).toBe('Bearer realm="reference", error="insufficient_scope"');
    const ada = await get(target, '/api/v1/admin/users', { bearer: (await login(target, 'ada')).accessToken });
    expect(ada.status).toBe(200);
    expect(await ada.json()).toEqual({ users: expect.any(Array) });
  });

  test('no credentials answer 401 with the bare Bearer challenge on every protected route', async () => {
    const target = await start(baseEnv(newSecrets()));
    for (const path of ['/api/v1/me', '/api/v1/projects', '/api/v1/admin/users']) {
      const res = await get(target, path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate'), path).toBe('Bearer realm="reference"');
    }
    // A non-Bearer Authorization header is no credential either.
    const basic = await fetch(`${target.url}/api/v1/me`, {
      headers: { authorization: 'Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=' },
    });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toBe('Bearer realm="reference"');
  });

  test("an expired token answers 401 invalid_token with jose's reason, escaped in the challenge", async () => {
    const secrets = newSecrets();
    const target = await start(baseEnv(secrets));
    const expired = await mint(secrets.envSpecific, { iat: nowSeconds() - 600, exp: nowSeconds() - 60 });
    const res = await get(target, '/api/v1/me', { bearer: expired });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="reference", error="invalid_token", error_description="\\"exp\\" claim timestamp check failed"',
    );
    expect(await res.json()).toEqual({
      error: 'invalid_token',
      error_description: '"exp" claim timestamp check failed',
    });
    // Within the 30 s leeway it is still accepted.
    expect(
      (await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific, { exp: nowSeconds() - 10 }) })).status,
    ).toBe(200);
  });

  test('garbage and forged tokens answer 401, never 500', async () => {
    const secrets = newSecrets();
    const target = await start(baseEnv(secrets));
    const segment = (value: string) => Buffer.from(value).toString('base64url');
    const { cookies } = await login(target);
    const cases: [string, string, string][] = [
      ['garbage', 'garbage', 'Invalid Compact JWS'],
      ['empty bearer', '', 'Invalid Compact JWS'],
      ['non-JSON header', `${segment('{not json')}.${segment('{}')}.c2ln`, 'JWS Protected Header is invalid'],
      [
        'alg none',
        `${segment('{"alg":"none"}')}.${segment(`{"sub":"alice","exp":${nowSeconds() + 60}}`)}.`,
        '"alg" (Algorithm) Header Parameter value not allowed',
      ],
      ['another secret', await mint(newSecret()), 'signature verification failed'],
      ['wrong audience', await mint(secrets.envSpecific, { aud: 'someone-else' }), 'unexpected "aud" claim value'],
      ['wrong issuer', await mint(secrets.envSpecific, { iss: 'https://evil.test' }), 'unexpected "iss" claim value'],
      ['no sub', await mint(secrets.envSpecific, { sub: undefined }), 'missing required "sub" claim'],
      ['no exp', await mint(secrets.envSpecific, { exp: undefined }), 'missing required "exp" claim'],
      ['refresh token', cookies.get('refresh_token')!, 'unexpected "token_use" claim value'],
    ];
    for (const [name, token, reason] of cases) {
      const res = await get(target, '/api/v1/me', { bearer: token });
      expect(await summary(res), name).toBe(`401 ${reason}`);
      expect(res.headers.get('www-authenticate'), name).toMatch(
        /^Bearer realm="reference", error="invalid_token", error_description=".+"$/,
      );
    }
  });

  test('refresh exchanges the refresh cookie for a new access token', async () => {
    const target = await start(baseEnv(newSecrets()));
    const { cookies } = await login(target);
    const res = await post(target, '/api/v1/auth/refresh', undefined, `refresh_token=${cookies.get('refresh_token')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { access_token: string };
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
    expect(cookieValues(res).get('access_token')).toBe(body.access_token);
    expect(await (await get(target, '/api/v1/me', { bearer: body.access_token })).json()).toEqual({
      sub: 'alice',
      role: 'user',
    });

    expect((await post(target, '/api/v1/auth/refresh')).status).toBe(401);
    const withAccessToken = await post(
      target,
      '/api/v1/auth/refresh',
      undefined,
      `refresh_token=${cookies.get('access_token')}`,
    );
    expect(await summary(withAccessToken)).toBe('401 unexpected "token_use" claim value');
  });

  test('logout clears both cookies with Max-Age=0 on the same Path', async () => {
    const target = await start(baseEnv(newSecrets()));
    const res = await post(target, '/api/v1/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.getSetCookie()).toEqual([
      'access_token=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=None',
      'refresh_token=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=None',
    ]);
  });

  test('signup is disabled; unknown routes 404, wrong methods 405', async () => {
    const target = await start(baseEnv(newSecrets()));
    const signup = await post(target, '/api/v1/auth/signup', { username: 'mallory', password: 'x' });
    expect(signup.status).toBe(403);
    expect(await signup.json()).toEqual({ error: 'signup_disabled' });
    expect((await get(target, '/nope')).status).toBe(404);
    const wrongMethod = await get(target, '/api/v1/auth/login');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});

test.describe('reference target, its own secret resolution', () => {
  test('the chain order is JWT_SECRET_{ENV}, JWT_SECRET_KEY, JWT_SECRET, AUTH_JWT_SECRET, SECRET_KEY; empty values are skipped', () => {
    expect(standardSecretChain('staging')).toEqual([
      'JWT_SECRET_STAGING',
      'JWT_SECRET_KEY',
      'JWT_SECRET',
      'AUTH_JWT_SECRET',
      'SECRET_KEY',
    ]);
    const names = standardSecretChain('staging');
    const format = parseSecretFormat(undefined);
    const source = (env: Record<string, string>) => resolveSecret(env, { owner: 'test', names, format }).source;
    expect(source({ SECRET_KEY: newSecret(), AUTH_JWT_SECRET: newSecret() })).toBe('AUTH_JWT_SECRET');
    expect(source({ JWT_SECRET: newSecret(), JWT_SECRET_KEY: newSecret() })).toBe('JWT_SECRET_KEY');
    expect(source({ JWT_SECRET_STAGING: '', JWT_SECRET: newSecret() })).toBe('JWT_SECRET');
  });

  test('the generic secret signs when no env-specific one is set', async () => {
    const secret = newSecret();
    const target = await start({ APP_ENV: 'prod', JWT_SECRET: secret });
    expect((await get(target, '/api/v1/me', { bearer: await mint(secret) })).status).toBe(200);
  });

  test('JWT_SECRET_FORMAT=base64 and json:<field> key with the decoded value / the field', async () => {
    const bytes = randomBytes(32);
    const base64Target = await start({ JWT_SECRET: bytes.toString('base64'), JWT_SECRET_FORMAT: 'base64' });
    expect((await get(base64Target, '/api/v1/me', { bearer: await mint(new Uint8Array(bytes)) })).status).toBe(200);

    const field = newSecret();
    const jsonTarget = await start({
      JWT_SECRET: JSON.stringify({ signingKey: field }),
      JWT_SECRET_FORMAT: 'json:signingKey',
    });
    expect((await get(jsonTarget, '/api/v1/me', { bearer: await mint(field) })).status).toBe(200);
  });

  test('bad configuration is refused with a message that names the variable, never the value', async () => {
    const secret = newSecret();
    await expect(startReference({ env: { JWT_SECRET: secret, REFERENCE_FAULTS: 'clock-skew, nope' } })).rejects.toThrow(
      /unknown fault "nope"/,
    );
    await expect(startReference({ env: { APP_ENV: 'qa' } })).rejects.toThrow(/no JWT secret configured.*JWT_SECRET_QA/);
    await expect(startReference({ env: { JWT_SECRET: secret, JWT_ACCESS_TTL_SECONDS: 'soon' } })).rejects.toThrow(
      /JWT_ACCESS_TTL_SECONDS/,
    );
    await expect(startReference({ env: { JWT_SECRET: secret, JWT_SECRET_FORMAT: 'hex' } })).rejects.toThrow(
      /JWT_SECRET_FORMAT/,
    );
    const messages = await Promise.all(
      [
        { JWT_SECRET: secret, JWT_SECRET_FORMAT: 'json:signingKey' },
        { JWT_SECRET: JSON.stringify({ other: secret }), JWT_SECRET_FORMAT: 'json:signingKey' },
        { JWT_SECRET: `${secret}!`, JWT_SECRET_FORMAT: 'base64' },
      ].map((env) =>
        startReference({ env }).then(
          () => 'started',
          (error: Error) => error.message,
        ),
      ),
    );
    for (const message of messages) {
      expect(message).toMatch(/^JWT_SECRET /);
      // Not toContain: a failing assertion would print the secret.
      expect(message.includes(secret)).toBe(false);
    }
  });
});

interface FaultCase {
  /** Extra env for both the healthy and the faulty run. */
  env?: (secrets: Secrets) => Record<string, string>;
  /** The observation that differs. */
  probe: (target: ReferenceTarget, secrets: Secrets) => Promise<string>;
  healthy: string;
  faulty: string;
  /** Further assertions on the faulty target only. */
  more?: (target: ReferenceTarget, secrets: Secrets) => Promise<void>;
}

const FAULT_CASES: Record<Fault, FaultCase> = {
  'api-generic-secret-only': {
    probe: loginThenMe,
    healthy: '200',
    faulty: '401 signature verification failed',
    more: async (target, secrets) => {
      // The API accepts the generic secret instead.
      expect((await get(target, '/api/v1/me', { bearer: await mint(secrets.generic) })).status).toBe(200);
    },
  },
  'api-raw-json-secret': {
    env: (secrets) => ({
      JWT_SECRET_FORMAT: 'json:signingKey',
      JWT_SECRET_STAGING: JSON.stringify({ signingKey: secrets.envSpecific }),
    }),
    probe: loginThenMe,
    healthy: '200',
    faulty: '401 signature verification failed',
  },
  'invalid-token-500': {
    probe: async (target) => summary(await get(target, '/api/v1/me', { bearer: 'garbage' })),
    healthy: '401 Invalid Compact JWS',
    faulty: '500 internal',
    more: async (target, secrets) => {
      expect(
        await summary(
          await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific, { exp: nowSeconds() - 60 }) }),
        ),
      ).toBe('500 internal');
      expect((await get(target, '/api/v1/me')).status).toBe(401);
      expect(await loginThenMe(target)).toBe('200');
    },
  },
  'jwt-lib-missing': {
    probe: loginThenMe,
    healthy: '200',
    faulty: '500 JWT library not available',
    more: async (target) => {
      expect(await summary(await get(target, '/api/v1/projects'))).toBe('500 JWT library not available');
    },
  },
  'jwt-lib-missing-401': {
    probe: loginThenMe,
    healthy: '200',
    faulty: '401 Invalid or expired token',
    more: async (target) => {
      const res = await get(target, '/api/v1/projects');
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="reference", error="invalid_token", error_description="Invalid or expired token"',
      );
    },
  },
  'audience-drift': {
    probe: loginThenMe,
    healthy: '200',
    faulty: '401 unexpected "aud" claim value',
    more: async (target, secrets) => {
      expect(
        (await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific, { aud: `${AUDIENCE}-v2` }) }))
          .status,
      ).toBe(200);
    },
  },
  'issuer-drift': {
    probe: loginThenMe,
    healthy: '200',
    faulty: '401 unexpected "iss" claim value',
    more: async (target, secrets) => {
      expect(
        (await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific, { iss: DRIFTED_ISSUER }) })).status,
      ).toBe(200);
    },
  },
  'alg-rs256': {
    probe: async (target, secrets) => {
      const { accessToken } = await login(target);
      const minted = await summary(await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific) }));
      return `${decodeProtectedHeader(accessToken).alg} ${await loginThenMe(target)}, minted HS256: ${minted}`;
    },
    healthy: 'HS256 200, minted HS256: 200',
    faulty: 'RS256 200, minted HS256: 401 "alg" (Algorithm) Header Parameter value not allowed',
  },
  'clock-skew': {
    probe: async (target, secrets) =>
      summary(
        await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific, { exp: nowSeconds() + 300 }) }),
      ),
    healthy: '200',
    faulty: '401 "exp" claim timestamp check failed',
    more: async (target) => {
      const res = await get(target, '/health');
      expect(Math.abs(dateOffsetSeconds(res) - 600)).toBeLessThan(5);
      const { accessToken } = await login(target);
      expect(Math.abs(decodeJwt(accessToken).iat! - nowSeconds() - 600)).toBeLessThan(5);
      expect(await loginThenMe(target)).toBe('200');
    },
  },
  'leeway-zero': {
    probe: async (target, secrets) =>
      summary(await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific, { nbf: nowSeconds() + 5 }) })),
    healthy: '200',
    faulty: '401 "nbf" claim timestamp check failed',
    more: async (target) => {
      expect(Math.abs(dateOffsetSeconds(await get(target, '/health')) + 20)).toBeLessThan(5);
    },
  },
  'fallback-secret': {
    probe: async (target) => summary(await get(target, '/api/v1/me', { bearer: await mint(FALLBACK_SECRET) })),
    healthy: '401 signature verification failed',
    faulty: '200',
    more: async (target) => {
      expect(await loginThenMe(target)).toBe('401 signature verification failed');
      // With the fault, it even starts with no secret at all.
      const unconfigured = await start({ REFERENCE_FAULTS: 'fallback-secret' });
      expect(await loginThenMe(unconfigured)).toBe('200');
    },
  },
  'cookie-ignored': {
    probe: async (target) =>
      summary(await get(target, '/api/v1/me', { cookie: `access_token=${(await login(target)).accessToken}` })),
    healthy: '200',
    faulty: '401 unauthorized',
    more: async (target) => {
      expect(await loginThenMe(target)).toBe('200');
    },
  },
  'header-ignored': {
    probe: loginThenMe,
    healthy: '200',
    faulty: '401 unauthorized',
    more: async (target) => {
      expect(
        (await get(target, '/api/v1/me', { cookie: `access_token=${(await login(target)).accessToken}` })).status,
      ).toBe(200);
    },
  },
  'secret-base64-decoded': {
    probe: async (target, secrets) =>
      summary(await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific) })),
    healthy: '200',
    faulty: '401 signature verification failed',
    more: async (target, secrets) => {
      const decoded = new Uint8Array(Buffer.from(secrets.envSpecific, 'base64'));
      expect((await get(target, '/api/v1/me', { bearer: await mint(decoded) })).status).toBe(200);
      expect(await loginThenMe(target)).toBe('200');
    },
  },
  'signup-open': {
    probe: async (target) => summary(await post(target, '/api/v1/auth/signup', { username: 'mallory', password: 'x' })),
    healthy: '403 signup_disabled',
    faulty: '201',
  },
  'api-requires-token-type': {
    probe: async (target, secrets) =>
      summary(await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific) })),
    healthy: '200',
    faulty: '401 Token has no type',
    more: async (target, secrets) => {
      expect(decodeJwt((await login(target)).accessToken)['token_type']).toBe('access');
      expect(await loginThenMe(target)).toBe('200');
      const typed = await mint(secrets.envSpecific, { token_type: 'access' });
      expect((await get(target, '/api/v1/me', { bearer: typed })).status).toBe(200);
    },
  },
  'audience-drift-opaque': {
    probe: async (target, secrets) =>
      summary(await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific) })),
    healthy: '200',
    faulty: '401 unauthorized',
    more: async (target, secrets) => {
      const res = await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific) });
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="reference"');
      expect(decodeJwt((await login(target)).accessToken).aud).toBe(`${AUDIENCE}-v2`);
      expect(await loginThenMe(target)).toBe('200');
    },
  },
  'date-lag': {
    // Healthy in every respect but the Date header, which lags 1–2 s; the verifier has no leeway and needs none.
    // An on-time Date (whole seconds) is never 1 s or more before the moment the request left.
    probe: async (target) => {
      const offsets: number[] = [];
      for (let i = 0; i < 5; i++) {
        const before = Date.now();
        const res = await get(target, '/health');
        offsets.push(Date.parse(res.headers.get('date') ?? '') - before);
      }
      return offsets.some((offset) => offset <= -1000) ? 'lagging' : 'on time';
    },
    healthy: 'on time',
    faulty: 'lagging',
    more: async (target, secrets) => {
      expect(await loginThenMe(target)).toBe('200');
      expect((await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific) })).status).toBe(200);
      expect(
        await summary(
          await get(target, '/api/v1/me', { bearer: await mint(secrets.envSpecific, { nbf: nowSeconds() + 2 }) }),
        ),
      ).toBe('401 "nbf" claim timestamp check failed');
    },
  },
  'logout-not-revoking': {
    probe: async (target) => {
      const session = await login(target);
      const cookie = `access_token=${session.cookies.get('access_token')}; refresh_token=${session.cookies.get('refresh_token')}`;
      expect((await post(target, '/api/v1/auth/logout', undefined, cookie)).status).toBe(204);
      return summary(await get(target, '/api/v1/me', { bearer: session.accessToken }));
    },
    healthy: '401 token revoked',
    faulty: '200',
  },
  'refresh-as-access': {
    probe: async (target) =>
      summary(await get(target, '/api/v1/me', { bearer: (await login(target)).cookies.get('refresh_token') })),
    healthy: '401 unexpected "token_use" claim value',
    faulty: '200',
  },
  'session-not-rotated': {
    probe: async (target) => {
      const first = await login(target);
      const res = await post(
        target,
        '/api/v1/auth/login',
        { username: 'alice', password: 'alice-password' },
        `access_token=${first.cookies.get('access_token')}`,
      );
      const again = cookieValues(res).get('access_token');
      return again === undefined ? 'kept' : again === first.cookies.get('access_token') ? 'same' : 'rotated';
    },
    healthy: 'rotated',
    faulty: 'kept',
  },
  'csrf-unprotected': {
    probe: async (target) => {
      const { cookies } = await login(target);
      const res = await fetch(`${target.url}/api/v1/projects`, {
        method: 'POST',
        headers: { cookie: `access_token=${cookies.get('access_token')}`, origin: 'https://attacker.invalid' },
      });
      return summary(res);
    },
    healthy: '403 Origin https://attacker.invalid may not change state with a session cookie',
    faulty: '201',
    more: async (target) => {
      const { cookies } = await login(target);
      const sameOrigin = await fetch(`${target.url}/api/v1/projects`, {
        method: 'POST',
        headers: { cookie: `access_token=${cookies.get('access_token')}`, origin: target.url },
      });
      expect(sameOrigin.status).toBe(201);
    },
  },
  'refresh-reuse-accepted': {
    probe: async (target) => {
      const refresh = `refresh_token=${(await login(target)).cookies.get('refresh_token')}`;
      expect((await post(target, '/api/v1/auth/refresh', undefined, refresh)).status).toBe(200);
      return summary(await post(target, '/api/v1/auth/refresh', undefined, refresh));
    },
    healthy: '401 refresh token revoked',
    faulty: '200',
  },
  'fallback-secret-beside': {
    probe: async (target) => summary(await get(target, '/api/v1/me', { bearer: await mint(FALLBACK_SECRET) })),
    healthy: '401 signature verification failed',
    faulty: '200',
    more: async (target) => expect(await loginThenMe(target)).toBe('200'),
  },
};

test.describe('reference target, faults', () => {
  test('every fault in FAULTS has a case', () => {
    expect(Object.keys(FAULT_CASES).sort()).toEqual([...FAULTS].sort());
  });

  for (const fault of FAULTS) {
    test(`${fault} behaves differently from healthy`, async () => {
      const { env = () => ({}), probe, healthy, faulty, more } = FAULT_CASES[fault];
      const secrets = newSecrets();
      const healthyTarget = await start({ ...baseEnv(secrets), ...env(secrets) });
      expect(await probe(healthyTarget, secrets)).toBe(healthy);
      const faultyTarget = await start({ ...baseEnv(secrets), ...env(secrets), REFERENCE_FAULTS: fault });
      expect(await probe(faultyTarget, secrets)).toBe(faulty);
      await more?.(faultyTarget, secrets);
    });
  }
});

test.describe('reference target, main.ts', () => {
  function spawnMain(env: Record<string, string>) {
    return spawn(process.execPath, ['--import', 'tsx', 'reference/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  async function firstLine(stream: NodeJS.ReadableStream): Promise<string | undefined> {
    for await (const line of createInterface({ input: stream })) return line;
    return undefined;
  }

  test('prints READY http=<port>, serves, and exits 0 on SIGTERM', async () => {
    const child = spawnMain({ JWT_SECRET: newSecret(), REFERENCE_PORT: '0' });
    const exited = once(child, 'exit');
    try {
      const line = await firstLine(child.stdout);
      expect(line).toMatch(/^READY http=\d+$/);
      const port = Number(line!.slice('READY http='.length));
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual([0, null]);
  });

  test('a config error prints one line on stderr and exits 1', async () => {
    const child = spawnMain({ REFERENCE_FAULTS: 'nope' });
    const exited = once(child, 'exit');
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const stdout = firstLine(child.stdout);
    const [code] = await exited;
    expect(code).toBe(1);
    expect(await stdout).toBeUndefined();
    expect(Buffer.concat(stderr).toString()).toMatch(
      /^reference: config error: REFERENCE_FAULTS: unknown fault "nope"[^\n]*\n$/,
    );
  });
});

test.describe('REFERENCE_MODE=cognito: seed 000 silent shape (pool, API Gateway v2 Lambda, bare 401s, logs, config)', () => {
  const PASSWORD = `Ref-${randomBytes(6).toString('hex')}-9`;
  const USER = 'qa-canary@example.com';
  const created: string[] = [];
  test.afterAll(() => created.forEach((path) => rmSync(path, { force: true })));
  const files = () => {
    const id = randomBytes(4).toString('hex');
    created.push(`${tmpdir()}/authcanary-cognito-${id}.log`, `${tmpdir()}/authcanary-cognito-${id}.json`);
    return {
      REFERENCE_LOG_FILE: `${tmpdir()}/authcanary-cognito-${id}.log`,
      REFERENCE_CONFIG_FILE: `${tmpdir()}/authcanary-cognito-${id}.json`,
    };
  };
  const startCognito = async (faults = '') => {
    const paths = files();
    const target = await start({
      REFERENCE_MODE: 'cognito',
      REFERENCE_COGNITO_PASSWORD: PASSWORD,
      REFERENCE_FAULTS: faults,
      ...paths,
    });
    return { target, ...paths };
  };
  const amz = (target: ReferenceTarget, operation: string, body: unknown, contentType = 'application/x-amz-json-1.1') =>
    fetch(`${target.url}/`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
      body: JSON.stringify(body),
    });
  const appLogin = async (target: ReferenceTarget) => {
    const res = await fetch(`${target.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USER, password: PASSWORD }),
    });
    const cookies = res.headers.getSetCookie();
    const id = cookies.find((line) => line.startsWith('enceladus_id_token='));
    return { res, cookies, idToken: id?.split(';')[0]?.slice('enceladus_id_token='.length) ?? '' };
  };
  const me = (target: ReferenceTarget, headers: Record<string, string>) =>
    fetch(`${target.url}/api/v1/me`, { headers });

  test('healthy: the app login sets the ID token cookie; the Lambda reads it from event.cookies only', async () => {
    const { target } = await startCognito();
    const { res, cookies, idToken } = await appLogin(target);
    expect(res.status).toBe(200);
    expect(cookies.map((line) => line.split('=')[0])).toEqual(['enceladus_id_token', 'enceladus_refresh_token']);
    for (const line of cookies) expect(line).toContain('Path=/; HttpOnly; Secure; SameSite=None');
    const claims = decodeJwt(idToken);
    expect(claims).toMatchObject({ token_use: 'id', aud: 'ref000pwa0client0000000000' });
    expect(claims.iss).toBe(`${target.url}/us-east-1_Ref000Pool`);
    expect(decodeProtectedHeader(idToken).kid).toMatch(/^ref000-/);
    expect((await me(target, { cookie: `enceladus_id_token=${idToken}` })).status).toBe(200);
    // The Authorization header is not read: a bare 401 without a challenge.
    const byHeader = await me(target, { authorization: `Bearer ${idToken}` });
    expect(byHeader.status).toBe(401);
    expect(await byHeader.text()).toBe('{"message":"Unauthorized"}');
    expect(byHeader.headers.get('www-authenticate')).toBeNull();
    const jwks = (await (await fetch(`${target.url}/us-east-1_Ref000Pool/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(jwks.keys.map((key) => key.kid)).toEqual([decodeProtectedHeader(idToken).kid]);
  });

  test("the pool: InitiateAuth per app client, Cognito's SignUp refusal, the JSON 1.1 content type required", async () => {
    const { target } = await startCognito();
    const other = await amz(target, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'ref000admin0console00000000',
      AuthParameters: { USERNAME: USER, PASSWORD },
    });
    const result = ((await other.json()) as { AuthenticationResult: { IdToken: string; AccessToken: string } })
      .AuthenticationResult;
    expect(decodeJwt(result.IdToken).aud).toBe('ref000admin0console00000000');
    expect(decodeJwt(result.AccessToken)).toMatchObject({
      client_id: 'ref000admin0console00000000',
      token_use: 'access',
    });
    expect(decodeJwt(result.AccessToken).aud).toBeUndefined();
    const wrong = await amz(target, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'ref000pwa0client0000000000',
      AuthParameters: { USERNAME: USER, PASSWORD: 'nope' },
    });
    expect([wrong.status, ((await wrong.json()) as { __type: string }).__type]).toEqual([
      400,
      'NotAuthorizedException',
    ]);
    const signUp = await amz(target, 'SignUp', {
      ClientId: 'ref000pwa0client0000000000',
      Username: 'x@y.z',
      Password: 'Aa1!aaaaaaaa',
    });
    expect(signUp.status).toBe(400);
    expect(await signUp.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'SignUp is not permitted for this user pool',
    });
    expect((await amz(target, 'SignUp', {}, 'application/json')).status).toBe(400);
    const open = await startCognito('cognito-signup-open');
    const accepted = await amz(open.target, 'SignUp', {
      ClientId: 'ref000pwa0client0000000000',
      Username: 'x@y.z',
      Password: 'Aa1!aaaaaaaa',
    });
    expect(accepted.status).toBe(200);
  });

  test('deployed settings: /__config for loopback callers and REFERENCE_CONFIG_FILE, in the Lambda shape', async () => {
    const { target, REFERENCE_CONFIG_FILE } = await startCognito('cognito-client-drift');
    const served = (await (await fetch(`${target.url}/__config`)).json()) as {
      Environment: { Variables: Record<string, string> };
    };
    expect(served.Environment.Variables).toMatchObject({
      COGNITO_USER_POOL_ID: 'us-east-1_Ref000Pool',
      COGNITO_APP_CLIENT_ID: 'ref000admin0console00000000',
      COGNITO_TOKEN_USE: 'id',
    });
    expect(JSON.parse(readFileSync(REFERENCE_CONFIG_FILE, 'utf8'))).toEqual(served);
  });

  // Each drift: the same bare 401 on the wire; the log line for the request (by its X-Request-Id) names the cause,
  // in the running library's own words.
  const FAULT_LINES: Array<[string, RegExp]> = [
    ['cognito-pool-drift', /WARN\ttoken verification failed: JWK for kid "ref000-[0-9a-f]+" not found in the JWKS$/],
    [
      'cognito-client-drift',
      /Client ID \("audience"\) not allowed: ref000pwa0client0000000000\. Expected: ref000admin0console00000000$/,
    ],
    ['cognito-token-use-drift', /Token use not allowed: id\. Expected: access$/],
    [
      'cognito-issuer-spelling-drift',
      /Issuer not allowed: http:\/\/127\.0\.0\.1:\d+\/us-east-1_Ref000Pool\. Expected: http:\/\/127\.0\.0\.1:\d+\/us-east-1_Ref000Pool\/$/,
    ],
    [
      'cognito-jwt-library-missing',
      /ERROR\tCRITICAL: JWT library not available: Cannot find package 'aws-jwt-verify-shared-layer'/,
    ],
    ['cognito-headers-cookie-only', /WARN\tno enceladus_id_token cookie$/],
  ];
  for (const [fault, line] of FAULT_LINES)
    test(`${fault}: a bare 401, the cause only in the API's log line`, async () => {
      const { target, REFERENCE_LOG_FILE } = await startCognito(fault);
      const { idToken } = await appLogin(target);
      const res = await me(target, { cookie: `enceladus_id_token=${idToken}`, 'x-request-id': `ac-${fault}` });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('{"message":"Unauthorized"}');
      const lines = readFileSync(REFERENCE_LOG_FILE, 'utf8').split('\n');
      expect(lines.find((item) => item.includes(`\tac-${fault}\t`))).toMatch(line);
    });
});
