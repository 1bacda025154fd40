import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { ConfigError } from '../../helpers/errors/authcanary-error';
import { HttpClient } from '../../helpers/http/http-client';
import { markRequest } from '../../helpers/http/request-marker';

const BASE = `TARGET_BASE_URL=https://api.example.test
LOGIN_PATH=/login
LOGIN_TOKEN_JSON_FIELD=token
TEST_USER=qa
TEST_USER_PASSWORD=pw-value-never-printed
ROUTES=GET /me 200
`;

function load(extra: string) {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-evidence-keys-'));
  writeFileSync(join(dir, 'staging.env'), `${BASE}${extra}`);
  return loadTargetConfig({ envName: 'staging', envDir: dir, processVariables: {} }).config;
}

function configError(extra: string): ConfigError {
  try {
    load(extra);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('log and config sources: argv without a shell, bounds with defaults, the meaning map', () => {
  const config = load(
    [
      "TARGET_LOG_COMMAND=aws logs filter-log-events --log-group-name '/aws/lambda/api fn' --start-time {startMs} --end-time {endMs} --filter-pattern {requestId}",
      'TARGET_CONFIG_COMMAND=aws lambda get-function-configuration --function-name api --output json',
      'TARGET_CONFIG_KEYS=pool:COGNITO_USER_POOL_ID, audience:COGNITO_APP_CLIENT_ID,token_use:TOKEN_USE,secret:JWT_SECRET',
      'TARGET_LOG_TIMEOUT=3s',
      '',
    ].join('\n'),
  );
  expect(config.evidence.log).toEqual({
    command: [
      'aws',
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/lambda/api fn',
      '--start-time',
      '{startMs}',
      '--end-time',
      '{endMs}',
      '--filter-pattern',
      '{requestId}',
    ],
    file: undefined,
    timeoutMs: 3000,
    maxBytes: 1024 * 1024,
    windowMs: 5000,
  });
  expect(config.evidence.deployed?.keys).toEqual({
    pool: 'COGNITO_USER_POOL_ID',
    audience: 'COGNITO_APP_CLIENT_ID',
    token_use: 'TOKEN_USE',
    secret: 'JWT_SECRET',
  });
  expect(load('').evidence).toEqual({ log: undefined, deployed: undefined });
});

test('an unknown placeholder, a placeholder in the config command, an unknown meaning: config errors naming the key', () => {
  const unknown = configError('TARGET_LOG_COMMAND=kubectl logs deploy/api --since-time={since}\n');
  expect(unknown.exitCode).toBe(2);
  expect(unknown.issues).toEqual([
    expect.objectContaining({
      key: 'TARGET_LOG_COMMAND',
      message: expect.stringContaining('unknown placeholder {since}'),
    }),
  ]);
  const inConfig = configError('TARGET_CONFIG_COMMAND=cat {startMs}\n');
  expect(inConfig.issues[0]).toEqual(
    expect.objectContaining({ key: 'TARGET_CONFIG_COMMAND', message: expect.stringContaining('takes none') }),
  );
  const meaning = configError('TARGET_CONFIG_URL=https://api.example.test/config\nTARGET_CONFIG_KEYS=userpool:X\n');
  expect(meaning.issues[0]).toEqual(expect.objectContaining({ key: 'TARGET_CONFIG_KEYS' }));
  const quote = configError("TARGET_LOG_COMMAND=journalctl -u 'api\n");
  expect(quote.issues[0]).toEqual(expect.objectContaining({ key: 'TARGET_LOG_COMMAND' }));
  const bounds = configError('TARGET_LOG_FILE=/var/log/api.log\nTARGET_LOG_TIMEOUT=1h\nTARGET_LOG_MAX_BYTES=12\n');
  expect(bounds.issues.map((issue) => issue.key).sort()).toEqual(['TARGET_LOG_MAX_BYTES', 'TARGET_LOG_TIMEOUT']);
});

test('every request carries a traceparent and an X-Request-Id, unique per request, recorded in the evidence', async () => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/me`;
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  try {
    const first = await http.send(url);
    const second = await http.send(url, { headers: { 'X-Request-Id': 'caller-chosen-id' } });
    expect(seen[0]?.['traceparent']).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
    expect(seen[0]?.['x-request-id']).toMatch(/^ac-[\da-f-]{36}$/);
    expect(seen[1]?.['traceparent']).not.toBe(seen[0]?.['traceparent']);
    expect(seen[1]?.['x-request-id']).toBe('caller-chosen-id');
    expect(first.record.marker?.requestId).toBe(seen[0]?.['x-request-id']);
    expect(first.record.marker?.traceparent).toBe(seen[0]?.['traceparent']);
    expect(second.record.marker?.requestId).toBe('caller-chosen-id');
  } finally {
    await http.close();
    server.close();
  }
});

test('a caller-set valid traceparent is kept and its trace id reported', () => {
  const headers: Record<string, string> = { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` };
  const marker = markRequest(headers);
  expect(marker.traceId).toBe('a'.repeat(32));
  expect(Object.keys(headers).sort()).toEqual(['traceparent', 'x-request-id']);
});
