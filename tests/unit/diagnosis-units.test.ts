import { expect, test } from '@playwright/test';
import type { HttpExchange } from '../../helpers/http/exchange';
import { causeFromReason, claimNamedIn, readServerReason } from '../../helpers/diagnosis/passive/server-reason';
import { parseWwwAuthenticate } from '../../helpers/http/www-authenticate';
import { claimDifferences, withHarnessClaim, type TokenParts } from '../../helpers/diagnosis/probes/claim-diff';
import { skewMatters } from '../../helpers/diagnosis/passive/clock-skew';

/** The pure parts of the ladder, row by row: the server's reason, the challenge parser, the claims diff. */

function exchange(headers: Record<string, string>, body: unknown): Pick<HttpExchange, 'header' | 'json'> {
  return {
    header: (name) => headers[name.toLowerCase()],
    json: () => {
      if (body instanceof Error) throw body;
      return body;
    },
  };
}

test('the server reason: error_description first, then the body fields frameworks use', () => {
  const cases: [Record<string, string>, unknown, { text: string; from: string } | undefined][] = [
    [
      { 'www-authenticate': 'Bearer error="invalid_token", error_description="jwt expired"' },
      {},
      { text: 'jwt expired', from: 'www-authenticate' },
    ],
    [{}, { detail: 'Signature has expired' }, { text: 'Signature has expired', from: 'detail' }],
    [{}, { msg: 'Missing claim: type' }, { text: 'Missing claim: type', from: 'msg' }],
    [{}, { message: 'jwt not active' }, { text: 'jwt not active', from: 'message' }],
    [
      {},
      { error: 'invalid_token', error_description: 'Invalid audience' },
      { text: 'Invalid audience', from: 'error_description' },
    ],
    [{}, { code: 'token_not_valid' }, { text: 'token_not_valid', from: 'code' }],
    [{}, { error: { message: 'jwt malformed' } }, { text: 'jwt malformed', from: 'error.message' }],
    // simplejwt: the nested message names the cause where the detail does not.
    [
      {},
      { detail: 'Given token not valid for any token type', messages: [{ message: 'Token is expired' }] },
      { text: 'Token is expired', from: 'messages[0].message' },
    ],
    // A bare error code in the challenge loses to a body reason, and is used when nothing else is there.
    [
      { 'www-authenticate': 'Bearer error="invalid_token"' },
      { detail: 'Token has no type' },
      { text: 'Token has no type', from: 'detail' },
    ],
    [
      { 'www-authenticate': 'Bearer error="invalid_token"' },
      new Error('not json'),
      { text: 'invalid_token', from: 'www-authenticate' },
    ],
    [
      {},
      { detail: [{ type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: 'hunter2' }] },
      { text: 'body.username: Field required', from: 'detail[]' },
    ],
    [{}, ['not', 'an', 'object'], undefined],
    [{}, null, undefined],
    [{}, { detail: '' }, undefined],
  ];
  for (const [headers, body, expected] of cases) expect(readServerReason(exchange(headers, body))).toEqual(expected);
});

test('library messages map to causes; ambiguous ones to none', () => {
  const table: [string, string | undefined][] = [
    ['jwt expired', 'expired'],
    ['Signature has expired', 'expired'],
    ['An error occurred while attempting to decode the Jwt: Jwt expired at 2026-11-23T12:00:00Z', 'expired'],
    ['IDX10223: Lifetime validation failed. The token is expired.', 'expired'],
    ['jwt not active', 'not-yet-valid'],
    ['token is not valid yet', 'not-yet-valid'],
    ['token used before issued', 'not-yet-valid'],
    ['An error occurred while attempting to decode the Jwt: Jwt used before 2026-11-23T12:00:00Z', 'not-yet-valid'],
    ['The token is not yet valid (iat)', 'not-yet-valid'],
    ['The token will be active at 2026-11-23', 'not-yet-valid'],
    ['"nbf" claim timestamp check failed', 'not-yet-valid'],
    ['"iat" claim timestamp check failed', 'not-yet-valid'],
    ['Token is invalid or expired', undefined],
    ['Invalid or expired token', undefined],
    ['Token has wrong type', 'token-type'],
    ['Given token not valid for any token type', 'token-type'],
    ['Only non-refresh tokens are allowed', 'token-type'],
    ['unexpected "typ" JWT header value', 'token-type'],
    ['Token is missing the "jti" claim', 'required-claim'],
    ['missing required "sub" claim', 'required-claim'],
    ['Missing claim: identity', 'required-claim'],
    ['token has invalid claims: token is missing required claim', 'required-claim'],
    ['Token has no id', 'required-claim'],
    ['jwt audience invalid. expected: api', 'audience'],
    ['The aud claim is not valid', 'audience'],
    ['jwt issuer invalid. expected: x', 'issuer'],
    ['token has invalid issuer', 'issuer'],
    ['invalid algorithm', 'algorithm'],
    ['signing method RS256 is invalid', 'algorithm'],
    ['no applicable key found in the JSON Web Key Set', 'unknown-key'],
    ['IDX10503: Signature validation failed. The signature key was not found.', 'unknown-key'],
    ['token is unverifiable: error while executing keyfunc', 'unknown-key'],
    ['invalid signature', 'signature'],
    ['Signature verification failed', 'signature'],
    ['jwt malformed', 'malformed'],
    ['Not enough segments', 'malformed'],
    ['Invalid header padding', 'malformed'],
    ['Invalid Compact JWS', 'malformed'],
    ['something else entirely', undefined],
    ['', undefined],
  ];
  for (const [text, cause] of table) expect(causeFromReason(text), text).toBe(cause);
  expect(causeFromReason(undefined)).toBeUndefined();
  expect(claimNamedIn('Token is missing the "aud" claim')).toBe('aud');
  expect(claimNamedIn('missing required "sub" claim')).toBe('sub');
  expect(claimNamedIn('Missing claim: type')).toBe('type');
  expect(claimNamedIn('jwt expired')).toBeUndefined();
  expect(claimNamedIn(undefined)).toBeUndefined();
});

test('WWW-Authenticate: token68, unclosed quotes, several challenges, garbage', () => {
  expect(parseWwwAuthenticate('Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagMDAu==')).toEqual([
    { scheme: 'Negotiate', params: {}, token68: 'YIIBhgYGKwYBBQUCoIIBejCCAXagMDAu==' },
  ]);
  expect(parseWwwAuthenticate('Negotiate YIIabc=, Bearer realm="api", error="invalid_token"')).toEqual([
    { scheme: 'Negotiate', params: {}, token68: 'YIIabc=' },
    { scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token' } },
  ]);
  expect(parseWwwAuthenticate('Bearer error_description="unclosed, still read')).toEqual([
    { scheme: 'Bearer', params: { error_description: 'unclosed, still read' } },
  ]);
  expect(parseWwwAuthenticate('Bearer realm="a\\"b", error=invalid_token')).toEqual([
    { scheme: 'Bearer', params: { realm: 'a"b', error: 'invalid_token' } },
  ]);
  expect(parseWwwAuthenticate('Bearer')).toEqual([{ scheme: 'Bearer', params: {} }]);
  expect(parseWwwAuthenticate('Basic realm="x", Bearer')).toEqual([
    { scheme: 'Basic', params: { realm: 'x' } },
    { scheme: 'Bearer', params: {} },
  ]);
  expect(parseWwwAuthenticate('Bearer REALM = "x" ,  Error=y')).toEqual([
    { scheme: 'Bearer', params: { realm: 'x', error: 'y' } },
  ]);
  expect(parseWwwAuthenticate('  ,, Bearer realm="x"')).toEqual([{ scheme: 'Bearer', params: { realm: 'x' } }]);
  expect(parseWwwAuthenticate('"(garbage)" Bearer')).toEqual([
    { scheme: 'garbage', params: {} },
    { scheme: 'Bearer', params: {} },
  ]);
  expect(parseWwwAuthenticate('')).toEqual([]);
});

test('clock skew matters beyond the Date resolution and half the leeway', () => {
  expect(skewMatters(1_500, 0)).toBe(false);
  expect(skewMatters(1_501, 0)).toBe(true);
  expect(skewMatters(-1_501, 0)).toBe(true);
  expect(skewMatters(15_000, 30_000)).toBe(false);
  expect(skewMatters(15_001, 30_000)).toBe(true);
});

test('claims diff: by shape for iat/jti/exp/nbf, by value otherwise, typ in the header', () => {
  const issued: TokenParts = {
    header: { alg: 'HS256', typ: 'at+jwt' },
    payload: { sub: 'alice', aud: 'api-v2', iss: 'i', iat: 1000, exp: 1900, jti: 'a', token_type: 'access' },
  };
  const harness: TokenParts = {
    header: { alg: 'HS256', typ: 'JWT' },
    payload: { sub: 'alice', aud: 'api', iss: 'i', iat: 5000, exp: 5300, nbf: 5000, jti: 'b', role: 'user' },
  };
  const differences = claimDifferences(issued, harness);
  expect(differences.map((entry) => entry.claim).sort()).toEqual(
    ['aud', 'exp', 'header:typ', 'nbf', 'role', 'token_type'].sort(),
  );
  expect(differences.find((entry) => entry.claim === 'aud')).toEqual({
    claim: 'aud',
    issued: 'api-v2',
    harness: 'api',
  });
  // Same lifetime, fresh values: no difference.
  expect(
    claimDifferences(
      { header: { typ: 'JWT' }, payload: { iat: 10, exp: 310, jti: 'x' } },
      { header: { typ: 'JWT' }, payload: { iat: 99, exp: 399, jti: 'y' } },
    ),
  ).toEqual([]);

  expect(withHarnessClaim(issued, harness, 'aud').payload['aud']).toBe('api');
  expect(withHarnessClaim(issued, harness, 'token_type').payload).not.toHaveProperty('token_type');
  expect(withHarnessClaim(issued, harness, 'exp').payload['exp']).toBe(1300);
  expect(withHarnessClaim(issued, harness, 'nbf').payload['nbf']).toBe(1000);
  expect(withHarnessClaim(issued, harness, 'role').payload['role']).toBe('user');
  expect(withHarnessClaim(issued, harness, 'header:typ').header['typ']).toBe('JWT');
  expect(withHarnessClaim(issued, { ...harness, header: { alg: 'HS256' } }, 'header:typ').header).not.toHaveProperty(
    'typ',
  );
  // The issued parts themselves are never changed.
  expect(issued.payload['aud']).toBe('api-v2');
  expect(issued.header['typ']).toBe('at+jwt');
});

test('a status-only word gives way to the field that says more ({"message":"Unauthorized","error":"JWT library …"})', () => {
  const read = (body: unknown) => readServerReason(exchange({}, body));
  expect(read({ message: 'Unauthorized', error: 'JWT library not available' })).toEqual({
    text: 'JWT library not available',
    from: 'error',
  });
  expect(read({ message: 'Forbidden', error: 'invalid_token' })).toEqual({ text: 'Forbidden', from: 'message' });
  expect(read({ message: 'Unauthorized' })).toEqual({ text: 'Unauthorized', from: 'message' });
});

test("a login refused with its cause in the body goes through the reason table (flask-jwt-extended's 422)", async () => {
  const { login } = await import('../../helpers/auth/login');
  const { buildHarness } = await import('../../helpers/harness/build-harness');
  const { inProcessDispatcher } = await import('./support/in-process-dispatcher');
  const dispatcher = inProcessDispatcher((_req, res) => {
    res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ msg: 'Invalid audience' }));
  });
  const harness = await buildHarness({
    envName: 'local',
    variables: { REFERENCE_TARGET: 'none', TARGET_BASE_URL: 'http://127.0.0.1:9', REFERENCE_PORT: '9' },
    dispatcher,
  });
  const client = harness.http();
  try {
    const result = await login(client, harness.config, harness.config.users.user);
    expect(result).toMatchObject({ token: undefined, reason: 'Invalid audience', cause: 'audience' });
  } finally {
    await client.close();
    await harness.close();
    await dispatcher.close();
  }
});
