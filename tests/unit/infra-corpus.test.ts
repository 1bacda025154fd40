import { expect, test } from '@playwright/test';
import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import { TargetUnreachableError } from '../../helpers/http/errors';
import { HttpClient } from '../../helpers/http/http-client';
import { retryAfterMs } from '../../helpers/http/retry-policy';
import { serverErrorDiagnosis } from '../../helpers/http/status-verdict';
import {
  flappingServer,
  hangingServer,
  httpServer,
  refusedUrl,
  resettingServer,
  selfSignedServer,
  statusServer,
} from './support/probe-servers';

/**
 * Infrastructure failures on loopback, through the harness's own HTTP client: each is an AC_INFRA_* finding of kind
 * infra (never auth), with the cause named; statuses that mean overload are retried within the declared bound only.
 */

function client(options: { timeoutMs?: number; retries?: number; waits?: number[]; retryAfterMaxMs?: number } = {}) {
  const waits = options.waits ?? [];
  return new HttpClient({
    timeoutMs: options.timeoutMs ?? 2_000,
    retries: options.retries ?? 2,
    retryPolicy: { retries: options.retries ?? 2, delayMs: () => 0 },
    ...(options.retryAfterMaxMs === undefined ? {} : { retryAfterMaxMs: options.retryAfterMaxMs }),
    // Time is injected, never waited out: the client says how long it would wait.
    sleep: async (ms) => void waits.push(ms),
  });
}

async function failure(url: string, http = client()): Promise<TargetUnreachableError> {
  try {
    await http.send(url);
  } catch (error) {
    if (error instanceof TargetUnreachableError) return error;
    throw error;
  } finally {
    await http.close();
  }
  throw new Error(`${url} answered`);
}

function expectInfra(error: TargetUnreachableError, code: string) {
  expect(error.code).toBe(code);
  expect(CATALOGUE[error.code as keyof typeof CATALOGUE].kind).toBe('infra');
  expect(error.message).toMatch(new RegExp(`^\\[${code}\\] \\(infra\\) `));
  expect(error.exitCode).toBe(3);
  // A finding about the target, not a stack through the harness's code.
  expect(error.stack).not.toMatch(/\n\s+at /);
}

test('connection refused → AC_INFRA_UNREACHABLE, retried on GET within the bound', async () => {
  const error = await failure(await refusedUrl());
  expectInfra(error, 'AC_INFRA_UNREACHABLE');
  expect(error.errorCode).toBe('ECONNREFUSED');
  expect(error.message).toContain('after 3 attempts');
});

test('a .invalid host name → AC_INFRA_DNS', async () => {
  const error = await failure('http://authcanary-probe.invalid/health', client({ retries: 0 }));
  expectInfra(error, 'AC_INFRA_DNS');
  expect(error.errorCode).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
});

test('a server that never answers, with a short timeout → AC_INFRA_TIMEOUT', async () => {
  const server = await hangingServer();
  const started = performance.now();
  const error = await failure(`${server.url}/health`, client({ timeoutMs: 300, retries: 1 }));
  expectInfra(error, 'AC_INFRA_TIMEOUT');
  expect(performance.now() - started).toBeLessThan(3_000);
  await server.close();
});

test('a connection reset → AC_INFRA_RESET', async () => {
  const server = await resettingServer();
  const error = await failure(`${server.url}/health`, client({ retries: 0 }));
  expectInfra(error, 'AC_INFRA_RESET');
  await server.close();
});

test('a self-signed certificate → AC_INFRA_TLS, not retried into a pass', async () => {
  const server = await selfSignedServer();
  const error = await failure(`${server.url}/health`, client({ retries: 0 }));
  expectInfra(error, 'AC_INFRA_TLS');
  expect(error.errorCode).toMatch(/SELF_SIGNED|CERT|UNABLE_TO/);
  await server.close();
});

test('503 with Retry-After within the bound is waited (injected) and retried; beyond the bound it is not', async () => {
  const server = await httpServer((_request, response, index) =>
    index === 0 ? response.writeHead(503, { 'retry-after': '2' }).end() : response.writeHead(200).end('{}'),
  );
  const waits: number[] = [];
  const http = client({ waits, retryAfterMaxMs: 5_000 });
  expect((await http.send(`${server.url}/r`)).status).toBe(200);
  expect(waits).toEqual([2_000]);
  await http.close();

  const slow = await statusServer(503, { 'retry-after': '120' });
  const waitsSlow: number[] = [];
  const httpSlow = client({ waits: waitsSlow, retryAfterMaxMs: 5_000 });
  const answer = await httpSlow.send(`${slow.url}/r`);
  expect(answer.status).toBe(503);
  expect(slow.requests()).toBe(1);
  expect(waitsSlow).toEqual([]);
  const found = await serverErrorDiagnosis(answer, 'control', async () => 200);
  expect(found?.code).toBe('AC_INFRA_5XX');
  await httpSlow.close();
  await Promise.all([server.close(), slow.close()]);
});

test('Retry-After as seconds or an HTTP date', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  expect(retryAfterMs('3', now)).toBe(3_000);
  expect(retryAfterMs('Mon, 23 Nov 2026 12:00:04 GMT', now)).toBe(4_000);
  expect(retryAfterMs('soon', now)).toBeUndefined();
  expect(retryAfterMs(undefined, now)).toBeUndefined();
});

test('429 → AC_INFRA_RATE_LIMITED (infra); a POST is never retried', async () => {
  const server = await statusServer(429, { 'retry-after': '1' });
  const waits: number[] = [];
  const http = client({ waits });
  const get = await http.send(`${server.url}/r`);
  expect(get.status).toBe(429);
  expect(server.requests()).toBe(3);
  expect(waits).toEqual([1_000, 1_000]);
  const post = await http.send(`${server.url}/r`, { method: 'POST' });
  expect(post.status).toBe(429);
  expect(server.requests()).toBe(4);
  const found = await serverErrorDiagnosis(post, 'login', async () => 200);
  expect(found?.code).toBe('AC_INFRA_RATE_LIMITED');
  expect(found && CATALOGUE[found.code].kind).toBe('infra');
  expect(found?.summary).toContain('Retry-After 1');
  await http.close();
  await server.close();
});

test('5xx where a refusal or an answer was expected: infra, or a broken auth component when the service is up', async () => {
  for (const status of [502, 503, 504]) {
    const server = await statusServer(status);
    const http = client({ retries: 0 });
    const found = await serverErrorDiagnosis(
      await http.send(`${server.url}/signup`, { method: 'POST' }),
      'sign-up',
      async () => 200,
    );
    expect(found?.code).toBe('AC_INFRA_5XX');
    await http.close();
    await server.close();
  }
  const crash = await statusServer(500);
  const http = client({ retries: 0 });
  const exchange = await http.send(`${crash.url}/signup`, { method: 'POST' });
  expect((await serverErrorDiagnosis(exchange, 'sign-up', async () => 200))?.code).toBe('AC_AUTH_COMPONENT_BROKEN');
  expect((await serverErrorDiagnosis(exchange, 'sign-up', async () => 503))?.code).toBe('AC_INFRA_5XX');
  expect((await serverErrorDiagnosis(exchange, 'sign-up', async () => undefined))?.code).toBe('AC_INFRA_5XX');
  for (const status of [200, 201, 401, 403, 404]) {
    expect(
      await serverErrorDiagnosis({ status, method: 'POST', url: crash.url }, 'x', async () => 200),
    ).toBeUndefined();
  }
  await http.close();
  await crash.close();
});

test('a flapping target (1 in 3 answers 503) gives the same answer three times: retried GETs see 200', async () => {
  const server = await flappingServer();
  const statuses: number[] = [];
  for (let run = 0; run < 3; run++) {
    const http = client();
    statuses.push((await http.send(`${server.url}/health`)).status);
    await http.close();
  }
  expect(statuses).toEqual([200, 200, 200]);
  await server.close();
});

test('a target killed mid-run: the next call is infra, not an auth answer', async () => {
  const server = await statusServer(200);
  const http = client({ retries: 0 });
  expect((await http.send(`${server.url}/api`)).status).toBe(200);
  await server.close();
  const error = await http.send(`${server.url}/api`).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TargetUnreachableError);
  expectInfra(error as TargetUnreachableError, 'AC_INFRA_UNREACHABLE');
  await http.close();
});
