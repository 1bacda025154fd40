import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { login } from '../../helpers/auth/login';
import { refresh } from '../../helpers/auth/refresh';
import { sendSignupProbe, signupVerdict } from '../../helpers/auth/signup-probe';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { ConfigError } from '../../helpers/errors/authcanary-error';
import { HttpClient } from '../../helpers/http/http-client';

/** A loopback server whose handler each test sets; it records what it received. */
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
let server: Server;
let base = '';
let handler: (req: Received, res: ServerResponse) => void = (_req, res) => res.end();
const received: Received[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const item = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(item);
      handler(item, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
test.beforeEach(() => {
  received.length = 0;
});

function load(text: string, variables: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-login-'));
  writeFileSync(
    join(dir, 'stage.env'),
    `TARGET_BASE_URL=${base}\nTEST_USER=qa@example.test\nROUTES=GET /me 200\n${text}`,
  );
  return loadTargetConfig({ envName: 'stage', envDir: dir, processVariables: variables }).config;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const http = () => new HttpClient({ timeoutMs: 5000, retries: 0 });
const PASSWORD = 'pw-Secret-9f3c2a';

test('Cognito InitiateAuth: nested credential paths, fixed fields, vendor headers, token at a dotted path', async () => {
  const config = load(`LOGIN_PATH=/
LOGIN_BODY=json
LOGIN_USERNAME_FIELD=AuthParameters.USERNAME
LOGIN_PASSWORD_FIELD=AuthParameters.PASSWORD
LOGIN_EXTRA_FIELDS={"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"5u7qexample"}
LOGIN_HEADERS={"X-Amz-Target":"AWSCognitoIdentityProviderService.InitiateAuth","Content-Type":"application/x-amz-json-1.1"}
LOGIN_TOKEN_JSON_FIELD=AuthenticationResult.AccessToken
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (req, res) => {
    const ok =
      req.headers['x-amz-target'] === 'AWSCognitoIdentityProviderService.InitiateAuth' &&
      req.headers['content-type'] === 'application/x-amz-json-1.1';
    if (!ok) return json(res, 400, { __type: 'UnknownOperationException' });
    json(res, 200, { AuthenticationResult: { AccessToken: 'cognito-access-token', ExpiresIn: 3600 } });
  };
  const client = http();
  const result = await login(client, config, config.users.user);
  expect(JSON.parse(received[0]!.body)).toEqual({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: '5u7qexample',
    AuthParameters: { USERNAME: 'qa@example.test', PASSWORD },
  });
  expect(received[0]!.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(result).toMatchObject({ token: 'cognito-access-token', from: 'json' });
  await client.close();
});

test('form-encoded password grant (OAuth2PasswordRequestForm): literal keys, extra fields, # kept when quoted', async () => {
  const config = load(`LOGIN_PATH=/token
LOGIN_BODY=form
LOGIN_EXTRA_FIELDS='{"grant_type":"password","scope":"items:read #admin"}'
LOGIN_TOKEN_JSON_FIELD=access_token
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (req, res) => {
    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded')
      return json(res, 422, {
        detail: [{ type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null }],
      });
    json(res, 200, { access_token: 'form-token', token_type: 'bearer' });
  };
  const client = http();
  const result = await login(client, config, config.users.user);
  const form = new URLSearchParams(received[0]!.body);
  expect(Object.fromEntries(form)).toEqual({
    grant_type: 'password',
    scope: 'items:read #admin',
    username: 'qa@example.test',
    password: PASSWORD,
  });
  expect(result.token).toBe('form-token');
  await client.close();
});

test('an unquoted # in a JSON value is a dotenv comment: the key is named, the value never shown', () => {
  let error: unknown;
  try {
    load(`LOGIN_PATH=/token
LOGIN_EXTRA_FIELDS={"scope":"a #b"}
LOGIN_TOKEN_JSON_FIELD=access_token
TEST_USER_PASSWORD=${PASSWORD}
`);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).issues.map((issue) => issue.key)).toEqual(['LOGIN_EXTRA_FIELDS']);
  expect((error as ConfigError).message).not.toContain('scope');
});

test('a refused login carries the server reason (FastAPI 422), without the echoed password', async () => {
  const config = load(`LOGIN_PATH=/token
LOGIN_TOKEN_JSON_FIELD=access_token
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (_req, res) =>
    json(res, 422, {
      detail: [{ type: 'missing', loc: ['body', 'grant_type'], msg: 'Field required', input: { password: PASSWORD } }],
    });
  const client = http();
  const result = await login(client, config, config.users.user);
  expect(result.token).toBeUndefined();
  expect(result.reason).toBe('body.grant_type: Field required');

  handler = (_req, res) => json(res, 401, { detail: `Incorrect password ${PASSWORD}` });
  const echoed = await login(client, config, config.users.user);
  expect(echoed.reason).toMatch(/^Incorrect password /);
  expect(echoed.reason).not.toContain(PASSWORD);

  handler = (_req, res) =>
    json(res, 400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  expect((await login(client, config, config.users.user)).reason).toBe(
    'NotAuthorizedException: Incorrect username or password.',
  );
  await client.close();
});

test('token from a response header or a cookie when the env says so', async () => {
  const config = load(`LOGIN_PATH=/login
LOGIN_TOKEN_HEADER=Authorization
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (_req, res) => json(res, 200, {}, { authorization: 'Bearer header-token' });
  const client = http();
  expect(await login(client, config, config.users.user)).toMatchObject({ token: 'header-token', from: 'header' });
  const byCookie = load(`LOGIN_PATH=/login
LOGIN_TOKEN_COOKIE=access_token_cookie
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (_req, res) =>
    json(res, 200, { login: true }, { 'set-cookie': 'access_token_cookie=cookie-token; Path=/; HttpOnly' });
  expect(await login(client, byCookie, byCookie.users.user)).toMatchObject({ token: 'cookie-token', from: 'cookie' });
  await client.close();
});

test('simplejwt refresh: {"refresh": …} in a JSON body, the new token read from "access"', async () => {
  const config = load(`LOGIN_PATH=/api/token/
LOGIN_TOKEN_JSON_FIELD=access
REFRESH_PATH=/api/token/refresh/
REFRESH_FIELD=refresh
REFRESH_ACCESS_JSON_FIELD=access
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (req, res) => {
    if (req.url === '/api/token/') return json(res, 200, { refresh: 'refresh-1', access: 'access-1' });
    const body = JSON.parse(req.body) as { refresh?: string };
    if (body.refresh !== 'refresh-1')
      return json(res, 401, { detail: 'Token is invalid', code: 'token_not_valid', messages: [{ message: 'bad' }] });
    json(res, 200, { access: 'access-2' });
  };
  const client = http();
  const issued = await login(client, config, config.users.user);
  expect(issued.refreshToken).toBe('refresh-1');
  const result = await refresh(client, config, { jar: client.jar, refreshToken: issued.refreshToken });
  expect(received[1]!.headers['content-type']).toBe('application/json');
  expect(JSON.parse(received[1]!.body)).toEqual({ refresh: 'refresh-1' });
  expect(result).toMatchObject({ token: 'access-2', from: 'json', sentBy: 'body' });

  const refused = await refresh(client, config, { jar: client.jar, refreshToken: 'stale' });
  expect(refused?.token).toBeUndefined();
  expect(refused?.reason).toBe('Token is invalid: bad');
  await client.close();
});

test('OAuth2 refresh_token grant as a form body with grant_type', async () => {
  const config = load(`LOGIN_PATH=/oauth/token
LOGIN_BODY=form
LOGIN_TOKEN_JSON_FIELD=access_token
REFRESH_PATH=/oauth/token
REFRESH_BODY=form
REFRESH_FIELD=refresh_token
REFRESH_EXTRA_FIELDS={"grant_type":"refresh_token","client_id":"canary"}
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (req, res) => {
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'r1')
      return json(res, 200, { access_token: 'a2' });
    json(res, 200, { access_token: 'a1', refresh_token: 'r1' });
  };
  const client = http();
  const issued = await login(client, config, config.users.user);
  const result = await refresh(client, config, { jar: client.jar, refreshToken: issued.refreshToken });
  expect(Object.fromEntries(new URLSearchParams(received[1]!.body))).toEqual({
    grant_type: 'refresh_token',
    client_id: 'canary',
    refresh_token: 'r1',
  });
  expect(result?.token).toBe('a2');
  await client.close();
});

test('double-submit CSRF: the refresh carries X-CSRF-TOKEN = the csrf_refresh_token cookie', async () => {
  const config = load(`LOGIN_PATH=/token/auth
LOGIN_TOKEN_COOKIE=access_token_cookie
REFRESH_PATH=/token/refresh
REFRESH_COOKIE=refresh_token_cookie
CSRF_MODE=double-submit
CSRF_COOKIE=csrf_access_token
CSRF_REFRESH_COOKIE=csrf_refresh_token
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (req, res) => {
    if (req.url === '/token/auth')
      return json(
        res,
        200,
        { login: true },
        {
          'set-cookie': [
            'access_token_cookie=a1; Path=/; HttpOnly',
            'csrf_access_token=ca1; Path=/',
            'refresh_token_cookie=r1; Path=/token/refresh; HttpOnly',
            'csrf_refresh_token=cr1; Path=/',
          ],
        },
      );
    if (req.headers['x-csrf-token'] !== 'cr1') return json(res, 401, { msg: 'Missing CSRF token' });
    json(res, 200, { refresh: true }, { 'set-cookie': 'access_token_cookie=a2; Path=/; HttpOnly' });
  };
  const client = http();
  await login(client, config, config.users.user);
  const withCsrf = await refresh(client, config, { jar: client.jar });
  expect(withCsrf).toMatchObject({ token: 'a2', csrf: { header: 'X-CSRF-TOKEN', from: 'cookie csrf_refresh_token' } });
  const without = await refresh(client, config, { jar: client.jar, withCsrf: false });
  expect(without).toMatchObject({ token: undefined, reason: 'Missing CSRF token' });
  expect(without?.exchange?.status).toBe(401);
  await client.close();
});

test('endpoint CSRF: the token is fetched from CSRF_PATH (JSON field) with the session cookies', async () => {
  const config = load(`LOGIN_PATH=/login
LOGIN_TOKEN_COOKIE=sid
REFRESH_PATH=/refresh
REFRESH_COOKIE=sid
CSRF_MODE=endpoint
CSRF_PATH=/csrf-token
CSRF_TOKEN_JSON_FIELD=csrfToken
CSRF_HEADER=x-csrf-token
TEST_USER_PASSWORD=${PASSWORD}
`);
  handler = (req, res) => {
    if (req.url === '/login') return json(res, 200, {}, { 'set-cookie': 'sid=s1; Path=/; HttpOnly' });
    if (req.url === '/csrf-token')
      return req.headers.cookie === 'sid=s1' ? json(res, 200, { csrfToken: 'tok-1' }) : json(res, 401, {});
    if (req.headers['x-csrf-token'] !== 'tok-1') return json(res, 403, { message: 'invalid csrf token' });
    json(res, 200, {}, { 'set-cookie': 'sid=s2; Path=/; HttpOnly' });
  };
  const client = http();
  await login(client, config, config.users.user);
  const result = await refresh(client, config, { jar: client.jar });
  expect(result).toMatchObject({ token: 's2', csrf: { from: 'GET /csrf-token JSON field csrfToken' } });
  await client.close();
});

test('request bodies: per-request fields win over fixed ones, form values are text, a declared content-type wins', async () => {
  const { encodeBody } = await import('../../helpers/auth/request-body');
  const { Secret } = await import('../../helpers/secret/secret');
  const form = encodeBody(
    { encoding: 'form', extraFields: { username: 'fixed', max_age: 300, offline: true }, headers: {} },
    [
      ['username', 'qa'],
      ['client_secret', new Secret(new TextEncoder().encode('s3cr3t value'), 'env:X')],
    ],
  );
  expect(form.text).toBe('username=qa&max_age=300&offline=true&client_secret=s3cr3t+value');
  expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded');
  const json = encodeBody(
    {
      encoding: 'json',
      extraFields: { 'a.b': 1, 'a.c': 'x' },
      headers: { 'content-type': 'application/vnd.api+json' },
    },
    [['a.b', 2]],
  );
  expect(JSON.parse(json.text)).toEqual({ a: { b: 2, c: 'x' } });
  expect(json.headers['content-type']).toBe('application/vnd.api+json');
});

test('LOGIN_HEADERS refuses credentials in the env file (Authorization, Cookie) and names only the key', () => {
  let error: unknown;
  try {
    load(`LOGIN_PATH=/login
LOGIN_TOKEN_JSON_FIELD=token
LOGIN_HEADERS={"Authorization":"Basic c2VjcmV0LXZhbHVl"}
TEST_USER_PASSWORD=${PASSWORD}
`);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).issues.map((issue) => issue.key)).toEqual(['LOGIN_HEADERS']);
  expect((error as ConfigError).message).not.toContain('c2VjcmV0');
});

test('TOKEN_TRANSPORT: header, cookie or both, applied by the client wherever a token is sent', async () => {
  handler = (_req, res) => json(res, 200, {});
  const sent = async (transport: string) => {
    received.length = 0;
    const config = load(`LOGIN_PATH=/login\nLOGIN_TOKEN_JSON_FIELD=t\nTEST_USER_PASSWORD=x\n${transport}`);
    const client = new HttpClient({ timeoutMs: 5000, retries: 0, tokenTransport: config.tokenTransport });
    await client.send(`${base}/me`, { bearer: 'tok.en.value', headers: { cookie: 'other=1' }, useJar: false });
    await client.close();
    return received[0]?.headers;
  };
  const header = await sent('');
  expect(header?.authorization).toBe('Bearer tok.en.value');
  expect(header?.cookie).toBe('other=1');
  const cookie = await sent('TOKEN_TRANSPORT=cookie\nTOKEN_COOKIE=enceladus_id_token');
  expect(cookie?.authorization).toBeUndefined();
  expect(cookie?.cookie).toBe('other=1; enceladus_id_token=tok.en.value');
  const both = await sent('TOKEN_TRANSPORT=both\nTOKEN_TRANSPORT_COOKIE=session');
  expect(both?.authorization).toBe('Bearer tok.en.value');
  expect(both?.cookie).toBe('other=1; session=tok.en.value');
});

test('Cognito described once: derived keys, and a key written twice differently is named (never its value)', () => {
  const base = `LOGIN_PATH=/api/login\nLOGIN_TOKEN_COOKIE=id\nTEST_USER_PASSWORD=x\nJWT_ALG=RS256\n`;
  const pool = 'COGNITO_USER_POOL_ID=eu-west-1_AbC123\nCOGNITO_APP_CLIENT_ID=client123\n';
  const config = load(`${base}${pool}COGNITO_TOKEN_USE=access\n`);
  expect(config.jwt.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123');
  expect(config.jwt.audience).toBeUndefined(); // access tokens carry client_id, not aud
  expect(config.jwt.claims).toEqual({ token_use: 'access', client_id: 'client123' });
  expect(config.cognito).toMatchObject({ region: 'eu-west-1', tokenUse: 'access' });
  // Emulators: the issuer's base and the API endpoint are their own; an emulator pool id names no region.
  const local = load(
    `${base}COGNITO_USER_POOL_ID=local_4h3rXMBW\nCOGNITO_APP_CLIENT_ID=c1\nCOGNITO_ISSUER_BASE=http://localhost:9229\nCOGNITO_ENDPOINT=http://127.0.0.1:9229/\n`,
  );
  expect(local.jwt.issuer).toBe('http://localhost:9229/local_4h3rXMBW');
  expect(local.oauth?.jwksUrl).toBe('http://localhost:9229/local_4h3rXMBW/.well-known/jwks.json');
  expect(local.jwt.audience).toBe('c1');
  const refused = (text: string): string => {
    try {
      load(text);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };
  const drift = refused(
    `${base}${pool}JWT_ISSUER=https://cognito-idp.us-west-2.amazonaws.com/us-west-2_vVAHkuPwr\nJWT_AUDIENCE=other\n`,
  );
  expect(drift).toMatch(/JWT_ISSUER.*differs from the issuer of COGNITO_USER_POOL_ID/);
  expect(drift).toMatch(/JWT_AUDIENCE.*differs from COGNITO_APP_CLIENT_ID/);
  expect(drift).not.toContain('vVAHkuPwr');
  expect(refused(`${base}COGNITO_USER_POOL_ID=local_4h3rXMBW\n`)).toMatch(/COGNITO_USER_POOL_ID.*names no region/);
  expect(refused(`${base}COGNITO_APP_CLIENT_ID=c1\n`)).toMatch(/COGNITO_USER_POOL_ID is required/);
  expect(refused(`${base}${pool}`.replace('JWT_ALG=RS256', 'JWT_ALG=HS256'))).toMatch(/JWT_ALG.*set JWT_ALG=RS256/);
  expect(refused(`${base}TOKEN_TRANSPORT=cookie\n`)).toMatch(
    /TOKEN_TRANSPORT .*needs the .* name the API reads: TOKEN_TRANSPORT_COOKIE/,
  );
  expect(
    refused(
      `${base}${pool}LOGIN_HEADERS={"X-Amz-Target":"AWSCognitoIdentityProviderService.InitiateAuth"}\nLOGIN_EXTRA_FIELDS={"ClientId":"typo123"}\n`,
    ),
  ).toMatch(/LOGIN_EXTRA_FIELDS.*ClientId differs from COGNITO_APP_CLIENT_ID/);
});

test("sign-up probe at the identity provider: Cognito's SignUp shape; a refusal is 401/403/404/405 or the declared text", async () => {
  const config = load(
    `LOGIN_PATH=/api/login\nLOGIN_TOKEN_COOKIE=id\nTEST_USER_PASSWORD=x\nJWT_ALG=RS256\nCOGNITO_USER_POOL_ID=local_x1\nCOGNITO_APP_CLIENT_ID=c1\nCOGNITO_ISSUER_BASE=${base}\nCOGNITO_ENDPOINT=${base}\nCOGNITO_SIGNUP_PROBE=true\n`,
  );
  const probe = config.signup!;
  handler = (_req, res) =>
    json(res, 400, { __type: 'NotAuthorizedException', message: 'SignUp is not permitted for this user pool' });
  const refused = await sendSignupProbe(http(), probe);
  expect(refused.verdict).toBe('refused');
  const request = received[0]!;
  expect(request.url).toBe('/');
  expect(request.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.SignUp');
  expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
  const body = JSON.parse(request.body) as Record<string, unknown>;
  expect(body).toMatchObject({ ClientId: 'c1', Username: refused.probeUser });
  expect(body['UserAttributes']).toEqual([{ Name: 'email', Value: refused.probeUser }]);
  // A password any pool policy accepts: a policy refusal would hide whether sign-up is open.
  expect(String(body['Password'])).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)(?=.*[^\w]).{12,}$/);
  // Another 400 (a policy refusal, a missing attribute) says nothing: unknown, not a pass.
  expect(signupVerdict(probe, 400, '{"__type":"InvalidPasswordException"}')).toBe('unknown');
  expect(signupVerdict(probe, 200, '{"UserConfirmed":false}')).toBe('open');
  expect(signupVerdict(probe, 500, 'SignUp is not permitted')).toBe('unknown');
});
