import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { systemClock } from '../../helpers/clock/clock';
import { claimDiagnosisFromReason } from '../../helpers/diagnosis/ladder/reason-diagnosis';
import { ProbeRunner } from '../../helpers/diagnosis/probes/probe-runner';
import { Secret } from '../../helpers/secret/secret';
import { hmacKey } from '../../helpers/token/signing-key';
import { harnessFor } from './support/in-process-doctor';
import { json, scriptedTarget } from './support/in-process-doctor';

/**
 * The probe runner on its own: what counts as accepted, the budget, what is recorded. The server answers the status
 * named in the token's `want` claim (or in the cookie), and echoes where it found the token.
 */
async function setup(budget: number, expectedStatus?: number, refusedWith?: number) {
  const seen: { authorization?: string | undefined; cookie?: string | undefined }[] = [];
  const target = await scriptedTarget((req, res) => {
    seen.push({ authorization: req.headers.authorization, cookie: req.headers.cookie });
    const raw =
      /Bearer (.+)/.exec(req.headers.authorization ?? '')?.[1] ??
      /access_token=(.+)/.exec(req.headers.cookie ?? '')?.[1];
    let payload: { want?: number } = {};
    try {
      payload = JSON.parse(Buffer.from(raw?.split('.')[1] ?? '', 'base64url').toString()) as { want?: number };
    } catch {
      // not a JWT: refused
    }
    json(res, payload.want ?? 401, {});
  });
  const harness = await harnessFor({
    JWT_SECRET_LOCAL: randomBytes(32).toString('base64url'),
    TARGET_BASE_URL: target.url,
    REFERENCE_PORT: new URL(target.url).port,
  });
  const runner = new ProbeRunner(
    harness.http,
    harness.config,
    { url: `${target.url}/api/v1/me`, method: 'GET' },
    budget,
    expectedStatus,
    refusedWith,
  );
  const key = harness.key;
  const want = (status: number) => runner.signAndSend(`want ${status}`, { typ: 'JWT' }, { want: status }, key);
  return { runner, want, seen, harness, target, close: async () => (await harness.close(), await target.close()) };
}

test('accepted: 2xx; a declared status other than 401; 403 only when diagnosing a 401', async () => {
  const plain = await setup(20);
  expect([200, 204, 299, 300, 199, 401, 403, 500].map((status) => plain.runner.accepts(status))).toEqual([
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
  ]);
  expect(await plain.want(200)).toBe(true);
  expect(await plain.want(300)).toBe(false);
  await plain.close();
  const declared = await setup(20, 403);
  expect([403, 401, 404].map((status) => declared.runner.accepts(status))).toEqual([true, false, false]);
  await declared.close();
  const declared401 = await setup(20, 401);
  expect(declared401.runner.accepts(401)).toBe(false);
  await declared401.close();
  const diagnosing401 = await setup(20, undefined, 401);
  expect(diagnosing401.runner.accepts(403)).toBe(true);
  await diagnosing401.close();
  const diagnosing403 = await setup(20, undefined, 403);
  expect(diagnosing403.runner.accepts(403)).toBe(false);
  await diagnosing403.close();
});

test('the budget: counted requests, remaining, spare, exhausted, skipped records', async () => {
  const { runner, want, seen, close } = await setup(3);
  expect([runner.used, runner.remaining, runner.exhausted, runner.spare(2), runner.spare(3)]).toEqual([
    0,
    3,
    false,
    true,
    false,
  ]);
  runner.count('health route', 200);
  expect([runner.used, runner.remaining]).toEqual([1, 2]);
  expect(await want(200)).toBe(true);
  expect(await want(200)).toBe(true);
  expect(runner.exhausted).toBe(true);
  expect(await want(200)).toBe(false);
  expect(seen).toHaveLength(2);
  expect(runner.used).toBe(3);
  expect(runner.records).toEqual([
    { label: 'health route', status: 200, accepted: false },
    { label: 'want 200', status: 200, accepted: true },
    { label: 'want 200', status: 200, accepted: true },
    { label: 'want 200', status: 'skipped', accepted: false },
  ]);
  await close();
});

test('delivery: by header as Bearer, by cookie under the env name; an unusable key is recorded, not sent', async () => {
  const { runner, seen, harness, close } = await setup(5);
  await runner.send('by header', 'h.e.y', 'header');
  await runner.send('by cookie', 'c.o.o', 'cookie');
  expect(seen).toEqual([
    { authorization: 'Bearer h.e.y', cookie: undefined },
    { authorization: undefined, cookie: `${harness.config.tokenCookie}=c.o.o` },
  ]);
  const broken = { ...harness.key, alg: 'HS999' };
  expect(await runner.signAndSend('bad key', {}, {}, broken)).toBe(false);
  expect(await runner.mintAndSend('bad mint', { key: broken, clock: systemClock })).toBe(false);
  expect(runner.records.slice(-2)).toEqual([
    { label: 'bad key (key unusable)', status: 'skipped', accepted: false },
    { label: 'bad mint (key unusable)', status: 'skipped', accepted: false },
  ]);
  expect(runner.used).toBe(2);
  // The empty key goes through node:crypto.
  expect(
    await runner.signAndSend('empty', {}, { want: 200 }, { raw: new Secret(new Uint8Array(0), 'empty'), alg: 'HS256' }),
  ).toBe(true);
  await expect(hmacKey(new Secret(new Uint8Array(0), 'empty'), 'HS256')).rejects.toThrow();
  await close();
});

test('a reason naming aud or iss as missing is that drift; a token type is a required claim', async () => {
  const { harness, close } = await setup(1);
  const said = (text: string, cause: Parameters<typeof claimDiagnosisFromReason>[0]) =>
    claimDiagnosisFromReason(cause, { text, from: 'detail' }, harness.config);
  expect(said('Token is missing the "aud" claim', 'required-claim')?.code).toBe('AC_AUDIENCE_DRIFT');
  expect(said('Token is missing the "iss" claim', 'required-claim')?.code).toBe('AC_ISSUER_DRIFT');
  expect(said('Token is missing the "jti" claim', 'required-claim')).toMatchObject({
    code: 'AC_REQUIRED_CLAIM_MISSING',
    evidence: { claim: 'jti' },
  });
  expect(said('Token has wrong type', 'token-type')).toMatchObject({
    code: 'AC_REQUIRED_CLAIM_MISSING',
    evidence: { claim: 'token type' },
  });
  expect(said('Token has wrong type', 'token-type')?.summary).toContain('(a token type)');
  expect(said('x', 'required-claim')?.evidence['claim']).toBeNull();
  expect(said('jwt expired', 'expired')).toBeUndefined();
  await close();
});
