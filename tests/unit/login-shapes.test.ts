import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { login } from '../../helpers/auth/login';
import { refresh } from '../../helpers/auth/refresh';
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
