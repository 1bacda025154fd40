import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { systemClock } from '../../helpers/clock/clock';
import { targetSchema } from '../../helpers/env/schema';
import { toTargetConfig, type TargetConfig } from '../../helpers/env/target-config';
import { HttpClient } from '../../helpers/http/http-client';
import { discoverProvider } from '../../helpers/oidc/discovery';
import { OidcError } from '../../helpers/oidc/oidc-error';
import { requestToken } from '../../helpers/oidc/token-request';
import { mintOptionsFromConfig } from '../../helpers/token/claims-from-config';
import { INERT_URL, forgedKeyCases } from '../../helpers/token/forged-key-cases';
import { mintToken } from '../../helpers/token/mint-token';
import { asymmetricKey } from '../../helpers/token/signing-key';
import { Secret } from '../../helpers/secret/secret';
import { exportPKCS8 } from 'jose';

const BASE = { TARGET_BASE_URL: 'http://127.0.0.1:1', ROUTES: 'GET /api 200' };
const config = (env: Record<string, string>): TargetConfig =>
  toTargetConfig('t', ['t.env'], targetSchema.parse({ ...BASE, ...env }));
const issues = (env: Record<string, string>) =>
  (targetSchema.safeParse({ ...BASE, ...env }).error?.issues ?? []).map((issue) => String(issue.path[0])).sort();

test('env: an OIDC provider replaces LOGIN_PATH; client_credentials needs no user; client auth needs its secret', () => {
  const oidc = { OIDC_ISSUER: 'https://idp.example.test', OAUTH_CLIENT_ID: 'c', OAUTH_CLIENT_SECRET: 's' };
  expect(issues({ ...oidc, OAUTH_GRANT: 'client_credentials', JWT_ALG: 'RS256' })).toEqual([]);
  expect(issues({ ...oidc })).toEqual(['TEST_USER', 'TEST_USER_PASSWORD']);
  expect(
    issues({ OIDC_ISSUER: oidc.OIDC_ISSUER, OAUTH_CLIENT_ID: 'c', TEST_USER: 'u', TEST_USER_PASSWORD: 'p' }),
  ).toEqual(['OAUTH_CLIENT_SECRET']);
  expect(issues({ TEST_USER: 'u', TEST_USER_PASSWORD: 'p' })).toEqual(['LOGIN_PATH', 'LOGIN_TOKEN_JSON_FIELD']);
  const parsed = config({ ...oidc, OAUTH_GRANT: 'client_credentials', JWT_ALG: 'ES256' });
  expect(parsed.login.tokenJsonField).toBe('access_token');
  expect(parsed.jwt.mint).toBe('none');
  expect(parsed.users.user.username).toBe('c');
  expect(parsed.jwt.subject).toBe('c');
  expect(config({ ...oidc, TEST_USER: 'u', TEST_USER_PASSWORD: 'p' }).jwt.mint).toBe('own-key');
  expect(
    config({ ...oidc, TEST_USER: 'u', TEST_USER_PASSWORD: 'p', JWT_ALG: 'RS256', SIGNING_KEY_CHAIN: 'K' }).jwt.mint,
  ).toBe('own-key');
});

test('minted tokens carry JWT_KID and JWT_TYP in the protected header (RFC 9068 at+jwt)', async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const key = await asymmetricKey(new Secret(new TextEncoder().encode(await exportPKCS8(privateKey)), 'test'), 'ES256');
  const env = config({
    LOGIN_PATH: '/login',
    LOGIN_TOKEN_JSON_FIELD: 'token',
    TEST_USER: 'u',
    TEST_USER_PASSWORD: 'p',
    JWT_ALG: 'ES256',
    SIGNING_KEY_CHAIN: 'K',
    JWT_KID: 'team-test-key',
    JWT_TYP: 'at+jwt',
  });
  const token = await mintToken(mintOptionsFromConfig(env, key, systemClock));
  expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: 'team-test-key' });
});

/** A loopback server answering with `respond`, recording each request and its body. */
async function server(respond: (req: IncomingMessage, body: string, origin: string) => [number, unknown]) {
  const seen: { req: IncomingMessage; body: string }[] = [];
  const http: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ req, body });
      const [status, json] = respond(req, body, origin);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))),
  };
}

test('discovery: the issuer must be identical; a jwks_uri on a foreign origin is not followed unless declared', async () => {
  let document: (origin: string) => Record<string, unknown> = (origin) => ({
    issuer: `${origin}/`,
    token_endpoint: `${origin}/t`,
    jwks_uri: `${origin}/k`,
  });
  const idp = await server((_req, _body, origin) => [200, document(origin)]);
  const http = new HttpClient({ timeoutMs: 2000, retries: 0 });
  const env = {
    OIDC_ISSUER: idp.origin,
    OAUTH_GRANT: 'client_credentials',
    OAUTH_CLIENT_ID: 'c',
    OAUTH_CLIENT_SECRET: 's',
  };
  try {
    const mismatch = await discoverProvider(http, config(env)).catch((error: unknown) => error);
    expect(mismatch).toBeInstanceOf(OidcError);
    expect((mismatch as OidcError).message).toContain('must be identical');
    document = (origin) => ({
      issuer: origin,
      token_endpoint: `${origin}/t`,
      jwks_uri: 'https://keys.elsewhere.test/jwks',
    });
    const foreign = await discoverProvider(http, config(env)).catch((error: unknown) => error);
    expect((foreign as OidcError).hint).toContain('declare JWKS_URL');
    const declared = await discoverProvider(http, config({ ...env, JWKS_URL: 'https://keys.elsewhere.test/jwks' }));
    expect(declared).toMatchObject({ issuer: idp.origin, tokenEndpoint: `${idp.origin}/t`, from: 'discovery' });
    // An issuer ending in "/" (Auth0's do) is kept exactly, and discovery drops the slash before the well-known path.
    document = (origin) => ({ issuer: `${origin}/`, token_endpoint: `${origin}/t`, jwks_uri: `${origin}/k` });
    const slashed = await discoverProvider(http, config({ ...env, OIDC_ISSUER: `${idp.origin}/` }));
    expect(slashed.issuer).toBe(`${idp.origin}/`);
    expect(idp.seen.map((item) => item.req.url)).toEqual(Array(4).fill('/.well-known/openid-configuration'));
  } finally {
    await http.close();
    await idp.close();
  }
});

test('token request: form-encoded body; client_secret_basic form-urlencodes id and secret before Base64 (RFC 6749 §2.3.1)', async () => {
  const idp = await server(() => [200, { access_token: 'opaque', token_type: 'Bearer' }]);
  const http = new HttpClient({ timeoutMs: 2000, retries: 0 });
  const env = {
    OAUTH_TOKEN_ENDPOINT: `${idp.origin}/token`,
    OAUTH_CLIENT_ID: 'my client',
    OAUTH_CLIENT_SECRET: 'p:ss/+é',
    TEST_USER: 'alice@example.test',
    TEST_USER_PASSWORD: 'pa ss&word=1',
    OAUTH_SCOPE: 'read write',
  };
  try {
    const basic = await requestToken(http, config(env), `${idp.origin}/token`, {
      grant: 'password',
      user: config(env).users.user,
    });
    expect(basic.accessToken).toBe('opaque');
    const first = idp.seen[0];
    expect(first?.req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const auth = Buffer.from((first?.req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    expect(auth).toBe('my+client:p%3Ass%2F%2B%C3%A9');
    expect(Object.fromEntries(new URLSearchParams(first?.body))).toEqual({
      grant_type: 'password',
      username: 'alice@example.test',
      password: 'pa ss&word=1',
      scope: 'read write',
    });
    await requestToken(http, config({ ...env, OAUTH_CLIENT_AUTH: 'client_secret_post' }), `${idp.origin}/token`, {
      grant: 'client_credentials',
    });
    const second = idp.seen[1];
    expect(second?.req.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(second?.body))).toMatchObject({
      grant_type: 'client_credentials',
      client_id: 'my client',
      client_secret: 'p:ss/+é',
    });
    // The exchange record never holds the Basic credentials.
    expect(JSON.stringify(http.records)).not.toContain(first?.req.headers.authorization?.slice(6));
  } finally {
    await http.close();
    await idp.close();
  }
});

test('forged-key cases: what each token really carries', async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'k1' };
  const key = await asymmetricKey(new Secret(new TextEncoder().encode(await exportPKCS8(privateKey)), 't'), 'ES256');
  const valid = await mintToken({ key, clock: systemClock, ttlMs: 60_000, subject: 'alice', header: { kid: 'k1' } });
  const cases = forgedKeyCases('ES256', async () => publicJwk);
  const build = async (id: string) => {
    const found = cases.find((item) => item.id === id);
    if (!found) throw new Error(`no case ${id}`);
    return (await found.build({ valid, mint: () => Promise.reject(new Error('no')) })) as string;
  };
  const [, payload] = valid.split('.');
  const psychic = await build('psychic-signature');
  expect(psychic.split('.')[1]).toBe(payload);
  expect(Buffer.from(psychic.split('.')[2] ?? '', 'base64url')).toEqual(Buffer.alloc(64));
  const confusion = await build('rs-hs-key-confusion');
  expect(decodeProtectedHeader(confusion)).toMatchObject({ alg: 'HS256', kid: 'k1' });
  const { createPublicKey } = await import('node:crypto');
  const pem = createPublicKey({ key: publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  const [h, p, s] = confusion.split('.');
  expect(createHmac('sha256', pem).update(`${h}.${p}`).digest('base64url')).toBe(s);
  const pathKid = await build('path-kid');
  const [ph, pp, ps] = pathKid.split('.');
  expect(decodeProtectedHeader(pathKid).kid).toBe('../../../../../../dev/null');
  expect(createHmac('sha256', '').update(`${ph}.${pp}`).digest('base64url')).toBe(ps);
  const embedded = decodeProtectedHeader(await build('embedded-jwk-ec'));
  expect(embedded.jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
  expect(embedded.jwk).not.toHaveProperty('d');
  expect(embedded.jwk?.x).not.toBe(publicJwk.x);
  expect(decodeProtectedHeader(await build('jku-elsewhere')).jku).toBe(INERT_URL);
  expect(new URL(INERT_URL).hostname.endsWith('.invalid')).toBe(true);
  expect(decodeProtectedHeader(await build('unknown-kid')).kid).toMatch(/^authcanary-unknown-/);
  expect(cases.map((item) => item.id)).not.toContain('embedded-jwk-rsa');
});

test("the provider's JWKS goes through the run's dispatcher when one is given, still confined to the env's origins", async () => {
  const { providerKeys } = await import('../../helpers/oidc/jwks');
  const { inProcessDispatcher } = await import('./support/in-process-dispatcher');
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'in-process', alg: 'ES256' };
  let served = 0;
  const dispatcher = inProcessDispatcher((_req, res) => {
    served++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  try {
    // Nothing listens on 127.0.0.1:8: only the dispatcher can answer.
    const target = config({
      OIDC_ISSUER: 'http://127.0.0.1:8',
      OAUTH_CLIENT_ID: 'c',
      OAUTH_CLIENT_SECRET: 's',
      TEST_USER: 'u',
      TEST_USER_PASSWORD: 'p',
      JWT_ALG: 'ES256',
    });
    const keys = providerKeys(target, 'http://127.0.0.1:8/jwks', { dispatcher });
    expect((await keys.current()).keys.map((key) => key.kid)).toEqual(['in-process']);
    expect(served).toBe(1);
    expect(() => providerKeys(target, 'http://127.0.0.2:8/jwks', { dispatcher })).toThrow(OidcError);
  } finally {
    await dispatcher.close();
  }
});
