import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { fixedClock } from '../../helpers/clock/clock';
import { readSkew, skewMatters } from '../../helpers/diagnosis/passive/clock-skew';
import { explainIssuedSignature } from '../../helpers/diagnosis/passive/issued-signature';
import { toBase64Url, tokenEncodingIssues } from '../../helpers/diagnosis/passive/token-encoding';
import { causeFromReason as causeFromDescription } from '../../helpers/diagnosis/passive/server-reason';
import { bearerChallenge, parseWwwAuthenticate } from '../../helpers/http/www-authenticate';
import { keyHypotheses } from '../../helpers/diagnosis/probes/secret-variants';
import { resolveSecret } from '../../helpers/secret/resolve-secret';
import { Secret } from '../../helpers/secret/secret';
import { mintToken } from '../../helpers/token/mint-token';
import { hmacKey } from '../../helpers/token/signing-key';

test('WWW-Authenticate: RFC 6750 forms, quoted escapes, several challenges', () => {
  expect(parseWwwAuthenticate('Bearer realm="example"')).toEqual([{ scheme: 'Bearer', params: { realm: 'example' } }]);
  expect(
    parseWwwAuthenticate(
      'Bearer realm="api", error="invalid_token", error_description="\\"exp\\" claim timestamp check failed"',
    )[0]?.params,
  ).toEqual({ realm: 'api', error: 'invalid_token', error_description: '"exp" claim timestamp check failed' });
  expect(parseWwwAuthenticate('Bearer error=insufficient_scope, scope="read write"')[0]?.params).toEqual({
    error: 'insufficient_scope',
    scope: 'read write',
  });
  expect(parseWwwAuthenticate('Basic realm="x", Bearer realm="y"').map((challenge) => challenge.scheme)).toEqual([
    'Basic',
    'Bearer',
  ]);
  expect(parseWwwAuthenticate(undefined)).toEqual([]);
});

test('error descriptions in common library words point at the cause', () => {
  expect(causeFromDescription('unexpected "aud" claim value')).toBe('audience');
  expect(causeFromDescription('Invalid audience')).toBe('audience');
  expect(causeFromDescription('unexpected "iss" claim value')).toBe('issuer');
  expect(causeFromDescription('"alg" (Algorithm) Header Parameter value not allowed')).toBe('algorithm');
  expect(causeFromDescription('"exp" claim timestamp check failed')).toBe('expired');
  expect(causeFromDescription('"nbf" claim timestamp check failed')).toBe('not-yet-valid');
  expect(causeFromDescription('signature verification failed')).toBe('signature');
  expect(causeFromDescription('Invalid Compact JWS')).toBe('malformed');
  expect(causeFromDescription('something else')).toBeUndefined();
});

test('clock skew from the Date header: sign and threshold', () => {
  const local = Date.UTC(2026, 10, 23, 12, 0, 0);
  expect(readSkew('Mon, 23 Nov 2026 12:10:00 GMT', local)?.skewMs).toBe(600_000);
  expect(readSkew('Mon, 23 Nov 2026 11:59:40 GMT', local)?.skewMs).toBe(-20_000);
  expect(readSkew('not a date', local)).toBeUndefined();
  expect(skewMatters(600_000, 30_000)).toBe(true);
  expect(skewMatters(-20_000, 30_000)).toBe(true);
  expect(skewMatters(1_000, 30_000)).toBe(false);
  expect(skewMatters(10_000, 30_000)).toBe(false);
});

test('key hypotheses: other candidates, the whole JSON document, the decoded secret, fallbacks', () => {
  const field = randomBytes(32).toString('base64');
  const resolution = resolveSecret({
    chain: ['A', 'B'],
    envName: 'x',
    variables: { A: JSON.stringify({ signingKey: field }), B: JSON.stringify({ signingKey: 'b'.repeat(32) }) },
    jsonField: 'signingKey',
  });
  const meanings = keyHypotheses(resolution).map((hypothesis) => hypothesis.meaning);
  expect(meanings.slice(0, 3)).toEqual([
    'AC_SERVICES_SECRET_DISAGREE',
    'AC_JSON_SECRET_AS_KEY',
    'AC_SECRET_ENCODING_MISMATCH',
  ]);
  expect(meanings.slice(3).every((meaning) => meaning === 'AC_WEAK_SECRET_ACCEPTED')).toBe(true);
  const plain = resolveSecret({ chain: ['A'], envName: 'x', variables: { A: 'not base64 at all!' } });
  expect(keyHypotheses(plain).map((hypothesis) => hypothesis.meaning)).not.toContain('AC_SECRET_ENCODING_MISMATCH');
});

test('an issued token is explained by the key that signs it, offline', async () => {
  const stored = randomBytes(48).toString('base64');
  const resolution = resolveSecret({ chain: ['JWT_SECRET'], envName: 'x', variables: { JWT_SECRET: stored } });
  const mint = async (secret: Secret) =>
    mintToken({ key: await hmacKey(secret, 'HS256'), clock: fixedClock(Date.now()), ttlMs: 60_000 });
  expect(await explainIssuedSignature(await mint(resolution.secret), resolution, 'HS256')).toEqual([]);
  const decoded = await mint(new Secret(Buffer.from(stored, 'base64'), 'target'));
  expect((await explainIssuedSignature(decoded, resolution, 'HS256')).map((entry) => entry.code)).toEqual([
    'AC_SECRET_ENCODING_MISMATCH',
  ]);
  const unknown = await mint(new Secret(randomBytes(32), 'target'));
  expect((await explainIssuedSignature(unknown, resolution, 'HS256'))[0]).toMatchObject({
    code: 'AC_SECRET_MISMATCH',
    evidence: { signer: null },
  });
});

test('token encoding: standard alphabet, padding, quotes, URL-encoding, whitespace; and the base64url repair', () => {
  const clean = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhLz8-In0.abc-_x';
  expect(tokenEncodingIssues(clean)).toEqual([]);
  expect(tokenEncodingIssues('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhLz8+In0=.abc+/x')).toEqual([
    'standard-base64-alphabet',
    'padding',
  ]);
  expect(tokenEncodingIssues(`"${clean}"`)).toEqual(['quoted']);
  expect(tokenEncodingIssues(encodeURIComponent('a.b+c.d='))).toEqual(['url-encoded']);
  expect(tokenEncodingIssues(` ${clean}\n`)).toEqual(['whitespace']);
  expect(toBase64Url('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhLz8+In0=.abc+/x')).toBe(
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhLz8-In0.abc-_x',
  );
  expect(toBase64Url(`"${encodeURIComponent('a.b+c.d=')}"`)).toBe('a.b-c.d');
});

test('the first Bearer challenge is the one read, whatever comes before it', () => {
  expect(bearerChallenge('Basic realm="x", Bearer error="invalid_token", Bearer error="other"')?.params).toEqual({
    error: 'invalid_token',
  });
  expect(bearerChallenge('bearer realm="api"')?.scheme).toBe('bearer');
  expect(bearerChallenge('Basic realm="x"')).toBeUndefined();
  expect(bearerChallenge(undefined)).toBeUndefined();
});
