import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { ConfigError } from '../../helpers/errors/authcanary-error';
import { judgeScopeChallenge } from '../../helpers/diagnosis/passive/scope-challenge';

const BASE = `TARGET_BASE_URL=https://api.example.test
LOGIN_PATH=/login
LOGIN_TOKEN_JSON_FIELD=token
TEST_USER=qa
TEST_USER_PASSWORD=pw-value-never-printed
`;

function load(extra: string) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-contract-'));
  writeFileSync(join(dir, 'staging.env'), `${BASE}${extra}`);
  return loadTargetConfig({ envName: 'staging', envDir: dir, processVariables: {} }).config;
}

test('the declared contract defaults to the RFCs', () => {
  const config = load('ROUTES=GET /me 200\n');
  expect(config.contract).toEqual({ badTokenStatuses: [401], expRequired: true, wsExpiryClose: true });
  expect(config.expectWwwAuthenticate).toBe(true);
});

test('a flask-jwt-extended style contract: 401 or 422, no challenge, exp optional, no WebSocket expiry close', () => {
  const config = load(
    'ROUTES=GET /me 200\nBAD_TOKEN_STATUS=401, 422\nEXPECT_WWW_AUTHENTICATE=false\nJWT_EXP_REQUIRED=false\nWS_EXPIRY_CLOSE=no\n',
  );
  expect(config.contract).toEqual({ badTokenStatuses: [401, 422], expRequired: false, wsExpiryClose: false });
  expect(config.expectWwwAuthenticate).toBe(false);
});

test('a route may declare 403 insufficient_scope; only a 403 may', () => {
  const config = load('ROUTES=GET /me 200; GET /admin 403 insufficient_scope\n');
  expect(config.routes).toEqual([
    { method: 'GET', path: '/me', status: 200 },
    { method: 'GET', path: '/admin', status: 403, error: 'insufficient_scope' },
  ]);
  expect(() => load('ROUTES=GET /me 200 insufficient_scope\n')).toThrow(ConfigError);
});

test('bad contract values are named by key, every problem at once', () => {
  let error: unknown;
  try {
    load('ROUTES=GET /me 200\nBAD_TOKEN_STATUS=200\nJWT_EXP_REQUIRED=maybe\n');
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const keys = (error as ConfigError).issues.map((issue) => issue.key);
  expect(keys).toEqual(expect.arrayContaining(['BAD_TOKEN_STATUS', 'JWT_EXP_REQUIRED']));
});

test('403 insufficient_scope: the challenge must name the error; a plain 403 route checks nothing more', () => {
  const scoped = { method: 'GET', path: '/admin', status: 403, error: 'insufficient_scope' } as const;
  expect(judgeScopeChallenge(scoped, 'Bearer realm="api", error="insufficient_scope"', {})).toEqual([]);
  expect(judgeScopeChallenge(scoped, 'Bearer realm="api", error="invalid_token"', {}).map((d) => d.code)).toEqual([
    'AC_INSUFFICIENT_SCOPE_CHALLENGE_MISSING',
  ]);
  expect(judgeScopeChallenge(scoped, undefined, {}).map((d) => d.code)).toEqual([
    'AC_INSUFFICIENT_SCOPE_CHALLENGE_MISSING',
  ]);
  expect(judgeScopeChallenge({ method: 'GET', path: '/admin', status: 403 }, undefined, {})).toEqual([]);
});
