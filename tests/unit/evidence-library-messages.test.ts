import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { createVerifier } from 'fast-jwt';
import * as jose from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { causeFromReason, type ReasonCause } from '../../helpers/diagnosis/passive/server-reason';

/**
 * Every message here is captured from the running library or runtime, never typed: a library that rewords its
 * errors breaks this test, not a user's diagnosis.
 */
const KEY = 'a-test-secret-of-thirty-two-bytes-0123';
const NOW = Math.floor(Date.now() / 1000);
const GOOD = { sub: 'qa', aud: 'api', iss: 'https://issuer.test', token_use: 'access' };
const sign = (claims: Record<string, unknown>) => jsonwebtoken.sign(claims, KEY, { algorithm: 'HS256' });

const DRIFTS: Record<string, { claims: Record<string, unknown>; cause: ReasonCause }> = {
  audience: { claims: { ...GOOD, aud: 'other-client' }, cause: 'audience' },
  issuer: { claims: { ...GOOD, iss: 'https://issuer.test/' }, cause: 'issuer' },
  expired: { claims: { ...GOOD, exp: NOW - 600 }, cause: 'expired' },
  notYet: { claims: { ...GOOD, nbf: NOW + 600 }, cause: 'not-yet-valid' },
};

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the library accepted the token');
}

async function asyncMessageOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the library accepted the token');
}

for (const [name, { claims, cause }] of Object.entries(DRIFTS)) {
  test(`${name}: jsonwebtoken, jose and fast-jwt messages map to ${cause}`, async () => {
    const token = sign(claims);
    const messages = [
      messageOf(() => jsonwebtoken.verify(token, KEY, { audience: 'api', issuer: 'https://issuer.test' })),
      await asyncMessageOf(() =>
        jose.jwtVerify(token, new TextEncoder().encode(KEY), { audience: 'api', issuer: 'https://issuer.test' }),
      ),
      messageOf(() => createVerifier({ key: KEY, allowedAud: 'api', allowedIss: 'https://issuer.test' })(token)),
    ];
    for (const message of messages) expect({ message, cause: causeFromReason(message) }).toEqual({ message, cause });
  });
}

test('signature and malformed tokens: the three libraries name them', async () => {
  const token = sign(GOOD);
  const signature = [
    messageOf(() => jsonwebtoken.verify(token, `${KEY}x`)),
    await asyncMessageOf(() => jose.jwtVerify(token, new TextEncoder().encode(`${KEY}x`))),
    messageOf(() => createVerifier({ key: `${KEY}x` })(token)),
  ];
  for (const message of signature) expect(causeFromReason(message)).toBe('signature');
  const malformed = [
    messageOf(() => jsonwebtoken.verify('abc.def', KEY)),
    messageOf(() => createVerifier({ key: KEY })('abc.def')),
  ];
  for (const message of malformed) expect(causeFromReason(message)).toBe('malformed');
});

test("runtime import failures: Python's missing module, Node's missing module, a native module for another platform", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-runtime-'));
  // The Lambda Python runtime prints this very exception for a layer without PyJWT.
  const python = await promisify(execFile)('python3', ['-c', 'import jwt_module_not_installed_here'], {}).then(
    () => '',
    (error: { stderr: string }) => error.stderr.trim().split('\n').at(-1) ?? '',
  );
  expect(python).toMatch(/No module named/);
  expect(causeFromReason(python)).toBe('library-not-loaded');

  const require = createRequire(join(dir, 'index.js'));
  expect(causeFromReason(messageOf(() => require('jsonwebtoken-not-installed')))).toBe('library-not-loaded');

  // A native addon that is not an ELF object for this platform: dlopen's own words (a macOS-built layer on Lambda).
  const addon = join(dir, 'native.node');
  writeFileSync(addon, 'not an ELF object, built elsewhere\n'.repeat(20));
  const native = messageOf(() => require(addon));
  expect(native).toMatch(/invalid ELF header|file too short/);
  expect(causeFromReason(native)).toBe('library-not-loaded');
});

test('words of runtimes and libraries not installed here (Lambda runtime, flask-jwt-extended, aws-jwt-verify)', () => {
  // Lines as the runtime and typical handlers write them; the wording of the runtime line is the AWS Lambda
  // runtime's error type, which no library here can produce.
  expect(
    causeFromReason("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'jwt'"),
  ).toBe('library-not-loaded');
  expect(causeFromReason('Missing Authorization Header')).toBe('credential-not-received');
  expect(causeFromReason('no enceladus_id_token cookie')).toBe('credential-not-received');
  expect(causeFromReason('Missing cookie "access_token_cookie"')).toBe('credential-not-received');
  expect(causeFromReason('Token use not allowed: id. Expected: access')).toBe('token-type');
  expect(causeFromReason('Issuer not allowed: https://a. Expected: https://b')).toBe('issuer');
  expect(causeFromReason('Client ID ("audience") not allowed: x. Expected: y')).toBe('audience');
});
