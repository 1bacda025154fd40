import { expect, test } from '@playwright/test';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { ENV_DIR } from '../../helpers/env/paths';
import { probeTarget } from '../../helpers/http/probe-target';
import { httpServer } from './support/probe-servers';

/** The preflight against scripted loopback servers: redirects followed or reported, the declared retry policy used. */

const configFor = (url: string) =>
  loadTargetConfig({
    envName: 'local',
    envDir: ENV_DIR,
    processVariables: {
      REFERENCE_TARGET: 'none',
      TARGET_BASE_URL: url,
      REFERENCE_PORT: new URL(url).port,
      JWT_SECRET_LOCAL: 'preflight-unit-test-secret-0123456789abcdef',
    },
  }).config;

test('a redirect within the target (a health route moved) is followed: the target is up', async () => {
  const seen: string[] = [];
  const server = await httpServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    if (request.url === '/health') return void response.writeHead(302, { location: '/health/ready' }).end();
    if (request.url === '/health/ready') return void response.writeHead(200).end('{}');
    response.writeHead(request.url === '/api/v1/me' ? 401 : 405).end();
  });
  try {
    expect(await probeTarget(configFor(server.url), { timeoutMs: 2_000, retries: 0 })).toEqual({ up: true });
    expect(seen).toEqual(['GET /health', 'GET /health/ready', 'GET /api/v1/auth/login', 'GET /api/v1/me']);
  } finally {
    await server.close();
  }
});

test('a chain of redirects within the target longer than the bound is a loop, with the chain shown', async () => {
  const server = await httpServer((request, response) => {
    const hop = Number(/\d+$/.exec(request.url ?? '')?.[0] ?? 0);
    response.writeHead(307, { location: `/hop/${hop + 1}` }).end();
  });
  try {
    const probe = await probeTarget(configFor(server.url), { timeoutMs: 2_000, retries: 0 });
    expect(!probe.up && probe.diagnosis.code).toBe('AC_INFRA_REDIRECT_LOOP');
    expect(!probe.up && probe.diagnosis.evidence['chain']).toEqual([
      `${server.url}/health`,
      ...[1, 2, 3, 4, 5, 6].map((hop) => `${server.url}/hop/${hop}`),
    ]);
  } finally {
    await server.close();
  }
});

test('gateway answers are retried by the declared policy (waits injected); what stays is infra, 429 named apart', async () => {
  const flapping = await httpServer((_request, response, index) => response.writeHead(index < 2 ? 503 : 200).end());
  const waits: number[] = [];
  try {
    const sleep = async (ms: number) => void waits.push(ms);
    expect(await probeTarget(configFor(flapping.url), { timeoutMs: 2_000, retries: 2, sleep })).toEqual({ up: true });
    expect(waits).toEqual([100, 200]);
  } finally {
    await flapping.close();
  }
  for (const [status, code] of [
    [503, 'AC_INFRA_TARGET_DOWN'],
    [500, 'AC_INFRA_TARGET_DOWN'],
    [429, 'AC_INFRA_RATE_LIMITED'],
  ] as const) {
    const down = await httpServer((_request, response) => response.writeHead(status).end());
    try {
      const probe = await probeTarget(configFor(down.url), { timeoutMs: 2_000, retries: 0 });
      expect(!probe.up && probe.diagnosis.code, String(status)).toBe(code);
      expect(down.requests()).toBe(1);
    } finally {
      await down.close();
    }
  }
});
