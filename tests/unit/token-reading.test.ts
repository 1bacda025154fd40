import { expect, test } from '@playwright/test';
import { parseArgs } from '../../cli/args';
import { decodeCommand } from '../../cli/commands/decode';
import { readToken, TOKEN_LIMITS } from '../../helpers/token/decode-token';

/** Hostile tokens given to `decode` (and to the doctor, which reads tokens through readToken): bounded, classified. */
const segment = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const jws = (header: unknown, payload: unknown, signature = 'c2lnbmF0dXJlLWJ5dGVz') =>
  `${segment(header)}.${segment(payload)}.${signature}`;
const deep = (levels: number) => `{"x":${'['.repeat(levels)}${']'.repeat(levels)}}`;

async function decode(token: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...items: unknown[]) => void lines.push(items.map(String).join(' '));
  try {
    const code = await decodeCommand(parseArgs(['decode', token], { valued: ['env'], boolean: [] }), {});
    return { code, out: lines.join('\n') };
  } finally {
    console.log = original;
  }
}

test('each kind of token is named: signed, unsigned (alg none, empty signature), JWE, garbage, too deep, too large', () => {
  expect(readToken(jws({ alg: 'HS256' }, { sub: 'a' })).kind).toBe('jws');
  for (const alg of ['none', 'None', 'NONE']) {
    const reading = readToken(jws({ alg }, { sub: 'a' }, ''));
    expect(reading.kind).toBe('unsigned');
  }
  expect(readToken(jws({ alg: 'HS256' }, { sub: 'a' }, '')).kind).toBe('unsigned');
  const jwe = readToken(`${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`);
  expect(jwe).toMatchObject({ kind: 'jwe', header: { alg: 'RSA-OAEP', enc: 'A256GCM' } });
  for (const garbage of ['', 'garbage', 'a.b.c', '\u0000\u0001.\u0002.', 'opaque-token-2f9c1e', '....']) {
    expect(readToken(garbage).kind, JSON.stringify(garbage)).toBe('not-jws');
  }
  const nested = readToken(jws({ alg: 'HS256' }, deep(30_000)));
  expect(nested).toEqual({ kind: 'not-jws', reason: `its JSON nests deeper than ${TOKEN_LIMITS.maxDepth} levels` });
  expect(readToken(jws({ alg: 'HS256' }, deep(20))).kind).toBe('jws');
  expect(readToken(`${'a'.repeat(TOKEN_LIMITS.maxChars)}.b.c`).kind).toBe('not-jws');
});

test('decode: a deeply nested claim, a JWE, garbage and alg none end in a sentence, never a stack overflow', async () => {
  const nested = await decode(jws({ alg: 'HS256' }, deep(30_000)));
  expect(nested).toEqual({ code: 1, out: `not a JWS: its JSON nests deeper than ${TOKEN_LIMITS.maxDepth} levels` });
  const encrypted = await decode(`${segment({ alg: 'dir', enc: 'A128GCM' })}.x.y.z.w`);
  expect(encrypted.code).toBe(1);
  expect(encrypted.out).toContain('an encrypted token (JWE, enc A128GCM)');
  const garbage = await decode('not-a-token-at-all');
  expect(garbage.out).toMatch(/^not a JWS: /);
  const unsigned = await decode(jws({ alg: 'none' }, { sub: 'mallory' }, ''));
  expect(unsigned.code).toBe(1);
  expect(unsigned.out).toContain('unsigned token: alg "none": the token carries no signature to verify');
  // A claim with terminal escapes and a huge value is printed bounded and inert.
  const loud = await decode(jws({ alg: 'HS256' }, { ['\u001b[2Jname']: 'x'.repeat(5000) }));
  expect(loud.out).not.toContain('\u001b');
  expect(loud.out).toMatch(/… \(5002 characters\)/);
});
