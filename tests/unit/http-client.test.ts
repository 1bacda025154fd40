import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { TargetUnreachableError } from '../../helpers/http/errors';
import { HttpClient } from '../../helpers/http/http-client';

/** A loopback server answering a scripted list of statuses; it counts requests. */
async function scripted(statuses: number[]): Promise<{ url: string; count: () => number; server: Server }> {
  let served = 0;
  const server = createServer((_request, response) => {
    const status = statuses[Math.min(served, statuses.length - 1)] ?? 200;
    served++;
    response.writeHead(status, { 'set-cookie': 'sid=abc123secretvalue; Path=/; HttpOnly' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/r`, count: () => served, server };
}

const client = () => new HttpClient({ timeoutMs: 2000, retries: 2, retryPolicy: { retries: 2, delayMs: () => 0 } });

test('a gateway 5xx on an idempotent call is retried, within the declared bound', async () => {
  const target = await scripted([503, 502, 200]);
  const http = client();
  const exchange = await http.send(target.url);
  expect(exchange.status).toBe(200);
  expect(exchange.record.attempts).toBe(3);
  expect(target.count()).toBe(3);
  await http.close();
  target.server.close();
});

test('401, 403 and 500 are answers, never retried; POST is never retried', async () => {
  for (const [method, status] of [
    ['GET', 401],
    ['GET', 403],
    ['GET', 500],
    ['POST', 503],
  ] as const) {
    const target = await scripted([status, 200]);
    const http = client();
    expect((await http.send(target.url, { method })).status).toBe(status);
    expect(target.count()).toBe(1);
    await http.close();
    target.server.close();
  }
});

test('connection refused is infrastructure, with a code', async () => {
  const target = await scripted([200]);
  const url = target.url;
  await new Promise((resolve) => target.server.close(resolve));
  const http = client();
  const error = await http.send(url).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TargetUnreachableError);
  expect(error).toMatchObject({ code: 'AC_INFRA_UNREACHABLE', errorCode: 'ECONNREFUSED' });
  await http.close();
});

test('cookies go to the jar; the record never holds their values', async () => {
  const target = await scripted([200]);
  const http = client();
  await http.send(target.url);
  expect(await http.jar.getCookieString(target.url)).toBe('sid=abc123secretvalue');
  expect(JSON.stringify(http.records)).not.toContain('abc123secretvalue');
  await http.close();
  target.server.close();
});
