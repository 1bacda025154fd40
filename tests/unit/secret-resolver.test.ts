import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { expect, test } from '@playwright/test';
import { secretFingerprint } from '../../reference/secret-fingerprint';
import {
  DEFAULT_SECRET_CHAIN,
  FINGERPRINT_LABEL,
  resolveSecret,
  Secret,
  SecretError,
  type SecretEncoding,
} from '../../helpers/secret';

interface Vector {
  name: string;
  envName: string;
  chain: string[];
  encoding: SecretEncoding;
  variables: Record<string, string>;
  expect: { source: string; fingerprint: string; warnings: string[] } | { error: string };
}
const vectors = (
  JSON.parse(readFileSync(new URL('../../helpers/secret/vectors.json', import.meta.url), 'utf8')) as {
    vectors: Vector[];
  }
).vectors;

test.describe('conformance vectors (helpers/secret/vectors.json)', () => {
  for (const vector of vectors) {
    test(vector.name, () => {
      const run = () =>
        resolveSecret({
          chain: vector.chain,
          envName: vector.envName,
          variables: vector.variables,
          encoding: vector.encoding,
        });
      if ('error' in vector.expect) {
        expect(run).toThrow(expect.objectContaining({ code: vector.expect.error }));
        return;
      }
      const result = run();
      expect(result.source).toBe(vector.expect.source);
      expect(result.fingerprint).toBe(vector.expect.fingerprint);
      expect(result.warnings.map((warning) => warning.code)).toEqual(vector.expect.warnings);
      // The fingerprint scheme, computed independently of the module.
      expect(
        `fp:${createHmac('sha256', result.secret.reveal()).update(FINGERPRINT_LABEL).digest('hex').slice(0, 12)}`,
      ).toBe(vector.expect.fingerprint);
      // Another backend's implementation of the scheme (the reference target's own) agrees.
      expect(secretFingerprint(result.secret.reveal())).toBe(vector.expect.fingerprint);
    });
  }
});

const key = 'k'.repeat(40);

test('precedence follows the declared chain, and every entry is reported', () => {
  const result = resolveSecret({
    chain: DEFAULT_SECRET_CHAIN,
    envName: 'staging',
    variables: { JWT_SECRET: key, SECRET_KEY: `${key}2`, JWT_SECRET_KEY: '' },
  });
  expect(result.source).toBe('env:JWT_SECRET');
  expect(result.entries.map((entry) => entry.status)).toEqual(['unset', 'empty', 'selected', 'unset', 'shadowed']);
  expect(result.candidates.map((candidate) => candidate.source)).toEqual(['env:JWT_SECRET', 'env:SECRET_KEY']);
  expect(result.warnings.map((warning) => warning.code)).toEqual(['SHADOWED_DIFFERENT_VALUE']);
});

test('file sources: read, missing, and a JSON field inside a file', () => {
  const files: Record<string, string> = { '/run/secrets/jwt.json': JSON.stringify({ signingKey: key }) };
  const readFile = (path: string) => files[path];
  const result = resolveSecret({
    chain: ['file:/run/secrets/absent', 'file:/run/secrets/jwt.json#signingKey'],
    envName: 'x',
    variables: {},
    readFile,
  });
  expect(result.source).toBe('file:/run/secrets/jwt.json#signingKey');
  expect(result.entries[0]?.status).toBe('missing-file');
  expect(new TextDecoder().decode(result.secret.reveal())).toBe(key);
});

test('a declared JSON field that is missing or not JSON is an error naming the source, not the value', () => {
  const value = 'not-json-but-a-secret-value-0123456789';
  const run = () =>
    resolveSecret({ chain: ['JWT_SECRET'], envName: 'x', variables: { JWT_SECRET: value }, jsonField: 'signingKey' });
  expect(run).toThrow(SecretError);
  expect(run).toThrow(/env:JWT_SECRET#signingKey|env:JWT_SECRET/);
  try {
    run();
  } catch (error) {
    expect(String((error as Error).message)).not.toContain(value);
  }
  expect(() =>
    resolveSecret({
      chain: ['JWT_SECRET'],
      envName: 'x',
      variables: { JWT_SECRET: '{"other":"x"}' },
      jsonField: 'signingKey',
    }),
  ).toThrow(/without a non-empty string field "signingKey"/);
});

test('a value outside the declared encoding alphabet is an error', () => {
  expect(() =>
    resolveSecret({ chain: ['S'], envName: 'x', variables: { S: 'not base64 !!' }, encoding: 'base64' }),
  ).toThrow(expect.objectContaining({ code: 'ERR_SECRET_INVALID' }));
  expect(() =>
    resolveSecret({ chain: ['S'], envName: 'x', variables: { S: 'a+b/c=' }, encoding: 'base64url' }),
  ).toThrow(expect.objectContaining({ code: 'ERR_SECRET_INVALID' }));
});

test('warnings: JSON used whole, short key, whitespace, placeholder', () => {
  const codes = (value: string) =>
    resolveSecret({ chain: ['S'], envName: 'x', variables: { S: value } }).warnings.map((warning) => warning.code);
  expect(codes(`{"signingKey":"${key}"}`)).toEqual(['JSON_DOCUMENT_AS_KEY']);
  expect(codes('short')).toEqual(['SHORT_KEY']);
  expect(codes(`${key}\n`)).toEqual(['SURROUNDING_WHITESPACE']);
  expect(codes('your-256-bit-secret')).toEqual(['SHORT_KEY', 'PLACEHOLDER_VALUE']);
  expect(codes(key)).toEqual([]);
});

test('no fallback: nothing set throws ERR_SECRET_UNRESOLVED listing each name and why', () => {
  const run = () =>
    resolveSecret({ chain: DEFAULT_SECRET_CHAIN, envName: 'staging', variables: { JWT_SECRET_KEY: '' } });
  expect(run).toThrow(expect.objectContaining({ code: 'ERR_SECRET_UNRESOLVED', exitCode: 2 }));
  expect(run).toThrow(
    'tried env:JWT_SECRET_STAGING (unset), env:JWT_SECRET_KEY (empty), env:JWT_SECRET (unset), env:AUTH_JWT_SECRET (unset), env:SECRET_KEY (unset)',
  );
});

test('a Secret never prints its value', () => {
  const secret = new Secret(new TextEncoder().encode(key), 'env:JWT_SECRET');
  for (const text of [
    String(secret),
    `${secret}`,
    JSON.stringify({ secret }),
    inspect(secret),
    inspect({ nested: { secret } }),
  ]) {
    expect(text).not.toContain(key);
    expect(text).toContain(secret.fingerprint);
  }
});

test('SECRET_JSON_FIELD applies to JSON documents: a plain value under another chain name is a candidate', () => {
  const plain = 'plain-dev-secret-in-the-process-env-0123456789';
  const result = resolveSecret({
    chain: ['JWT_SECRET_LOCAL', 'JWT_SECRET_KEY'],
    envName: 'local',
    variables: { JWT_SECRET_LOCAL: JSON.stringify({ signingKey: 'k'.repeat(40) }), JWT_SECRET_KEY: plain },
    jsonField: 'signingKey',
  });
  expect(new TextDecoder().decode(result.secret.reveal())).toBe('k'.repeat(40));
  expect(result.entries.map((entry) => entry.status)).toEqual(['selected', 'shadowed']);
  expect(result.candidates.map((candidate) => new TextDecoder().decode(candidate.reveal()))).toEqual([
    'k'.repeat(40),
    plain,
  ]);
  // An entry's own #field stays strict.
  const strict = resolveSecret({
    chain: ['A#signingKey', 'B#signingKey'],
    envName: 'x',
    variables: { A: JSON.stringify({ signingKey: 'a'.repeat(40) }), B: plain },
  });
  expect(strict.entries.map((entry) => entry.status)).toEqual(['selected', 'invalid']);
});
