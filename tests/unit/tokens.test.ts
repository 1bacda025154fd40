import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { fixedClock } from '../../helpers/clock/clock';
import { Secret } from '../../helpers/secret/secret';
import { decodeToken, segmentEncoding, signatureOf } from '../../helpers/token/decode-token';
import { mintToken } from '../../helpers/token/mint-token';
import { hmacKey } from '../../helpers/token/signing-key';
import { signatureVerifies } from '../../helpers/token/verify-signature';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const secret = new Secret(randomBytes(32), 'env:TEST');

test('mints the standard and configured claims from an injected clock', async () => {
  const key = await hmacKey(secret, 'HS256');
  const token = await mintToken({ key, clock: fixedClock(NOW), subject: 'alice', issuer: 'iss-x', audience: 'aud-y', ttlMs: 300_000, claims: { role: 'user' }, notBeforeOffsetMs: 0 });
  expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
  const claims = decodeJwt(token);
  expect(claims).toMatchObject({ sub: 'alice', iss: 'iss-x', aud: 'aud-y', role: 'user', iat: NOW / 1000, nbf: NOW / 1000, exp: NOW / 1000 + 300 });
  const { payload } = await jwtVerify(token, secret.reveal(), { audience: 'aud-y', issuer: 'iss-x', currentDate: new Date(NOW) });
  expect(payload.sub).toBe('alice');
});

test('already-expired tokens are minted, not waited for', async () => {
  const key = await hmacKey(secret, 'HS256');
  const token = await mintToken({ key, clock: fixedClock(NOW), ttlMs: 60_000, issuedAtOffsetMs: -10 * 60_000 });
  await expect(jwtVerify(token, secret.reveal(), { currentDate: new Date(NOW) })).rejects.toThrow(/"exp" claim timestamp check failed/);
  const noExp = await mintToken({ key, clock: fixedClock(NOW), ttlMs: 60_000, omitExpiry: true });
  expect(decodeJwt(noExp).exp).toBeUndefined();
});

test('signatureVerifies tells the signing key apart from another', async () => {
  const key = await hmacKey(secret, 'HS256');
  const other = await hmacKey(new Secret(randomBytes(32), 'env:OTHER'), 'HS256');
  const token = await mintToken({ key, clock: fixedClock(NOW), ttlMs: 60_000 });
  expect(await signatureVerifies(token, key)).toBe(true);
  expect(await signatureVerifies(token, other)).toBe(false);
  expect(await signatureVerifies('garbage', key)).toBe(false);
});

test('decodeToken reads segments and flags standard base64', () => {
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const payload = Buffer.from('{"sub":"a?>>","n":1}').toString('base64');
  const decoded = decodeToken(`${header}.${payload}.abc+/=`);
  expect(decoded.ok).toBe(true);
  if (!decoded.ok) return;
  expect(decoded.token.payload).toEqual({ sub: 'a?>>', n: 1 });
  expect(decoded.token.encodings).toEqual(['base64url', 'base64', 'base64']);
  expect(decodeToken('a.b')).toEqual({ ok: false, reason: 'a JWS compact token has 3 segments, this one has 2' });
  expect(decodeToken('!!.e30.x').ok).toBe(false);
  expect(segmentEncoding('abc-_')).toBe('base64url');
  expect(signatureOf('a.b.')).toBeUndefined();
  expect(signatureOf('a.b.sig')).toBe('sig');
});
