import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { targetSchema } from '../../helpers/env/schema';
import { fixedClock } from '../../helpers/clock/clock';
import { toTargetConfig } from '../../helpers/env/target-config';
import { Secret } from '../../helpers/secret/secret';
import { decodeToken, segmentEncoding, signatureOf } from '../../helpers/token/decode-token';
import { mintToken } from '../../helpers/token/mint-token';
import { harnessSigningKey, resolveHarnessSecret } from '../../helpers/token/harness-key';
import { hmacKey } from '../../helpers/token/signing-key';
import { signatureVerifies } from '../../helpers/token/verify-signature';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const secret = new Secret(randomBytes(32), 'env:TEST');

test('mints the standard and configured claims from an injected clock', async () => {
  const key = await hmacKey(secret, 'HS256');
  const token = await mintToken({
    key,
    clock: fixedClock(NOW),
    subject: 'alice',
    issuer: 'iss-x',
    audience: 'aud-y',
    ttlMs: 300_000,
    claims: { role: 'user' },
    notBeforeOffsetMs: 0,
  });
  expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
  const claims = decodeJwt(token);
  expect(claims).toMatchObject({
    sub: 'alice',
    iss: 'iss-x',
    aud: 'aud-y',
    role: 'user',
    iat: NOW / 1000,
    nbf: NOW / 1000,
    exp: NOW / 1000 + 300,
  });
  const { payload } = await jwtVerify(token, secret.reveal(), {
    audience: 'aud-y',
    issuer: 'iss-x',
    currentDate: new Date(NOW),
  });
  expect(payload.sub).toBe('alice');
});

test('already-expired tokens are minted, not waited for', async () => {
  const key = await hmacKey(secret, 'HS256');
  const token = await mintToken({ key, clock: fixedClock(NOW), ttlMs: 60_000, issuedAtOffsetMs: -10 * 60_000 });
  await expect(jwtVerify(token, secret.reveal(), { currentDate: new Date(NOW) })).rejects.toThrow(
    /"exp" claim timestamp check failed/,
  );
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

test("RS256 and ES256: the private key (PEM or JWK) comes through the env's SIGNING_KEY_CHAIN", async () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const base = {
    TARGET_BASE_URL: 'https://api.test',
    LOGIN_PATH: '/login',
    LOGIN_TOKEN_JSON_FIELD: 't',
    TEST_USER: 'qa',
    TEST_USER_PASSWORD: 'pw',
    ROUTES: 'GET /me 200',
  };
  for (const [alg, publicKey, encoded] of [
    ['RS256', rsa.publicKey, rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
    ['ES256', ec.publicKey, JSON.stringify(ec.privateKey.export({ format: 'jwk' }))],
  ] as const) {
    const env = targetSchema.parse({ ...base, JWT_ALG: alg, SIGNING_KEY_CHAIN: 'JWT_PRIVATE_KEY_{ENV}' });
    const config = toTargetConfig('staging', [], env);
    const variables = { JWT_PRIVATE_KEY_STAGING: encoded };
    const resolution = resolveHarnessSecret(config, variables);
    expect(resolution.source).toBe('env:JWT_PRIVATE_KEY_STAGING');
    const key = await harnessSigningKey(config, resolution);
    const token = await mintToken({ key, clock: fixedClock(NOW), subject: 'qa', ttlMs: 60_000 });
    expect(decodeProtectedHeader(token).alg).toBe(alg);
    const { payload } = await jwtVerify(token, publicKey, { currentDate: new Date(NOW) });
    expect(payload.sub).toBe('qa');
  }
});
