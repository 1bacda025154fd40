import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect, test } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import type { Diagnosis } from '../../helpers/diagnosis/diagnosis';
import { attempt } from '../../helpers/ws/attempt';
import { judgeControl, judgeRefusal, judgeRestAgreement } from '../../helpers/diagnosis/verdicts/websocket';
import { referenceWsConfig } from '../support/reference-ws-config';

/**
 * WebSocket endpoints that fail for non-auth reasons, on loopback with the real `ws` server: whatever the check (the
 * valid control, a case that must be refused, the REST cross-check), the finding is AC_WS_INFRA, never an auth code.
 */
type Behaviour = 'close-1011' | 'close-1001' | 'drop-1006' | 'no-answer' | 'upgrade-503';

async function wsServer(behaviour: Behaviour): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_request, response) => response.writeHead(404).end());
  server.on('connection', (socket: Socket) => sockets.add(socket));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (behaviour === 'no-answer') return;
    if (behaviour === 'upgrade-503') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (behaviour === 'drop-1006') socket.destroy();
      else ws.close(behaviour === 'close-1011' ? 1011 : 1001, 'server trouble');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

const AUTH_CODES = Object.entries(CATALOGUE)
  .filter(([, entry]) => entry.kind === 'auth')
  .map(([code]) => code);

function expectInfraOnly(found: Diagnosis[]) {
  expect(found.map((entry) => entry.code)).toEqual(['AC_WS_INFRA']);
  expect(CATALOGUE.AC_WS_INFRA.kind).toBe('infra');
  for (const entry of found) expect(AUTH_CODES).not.toContain(entry.code);
}

for (const behaviour of ['close-1011', 'close-1001', 'drop-1006', 'no-answer', 'upgrade-503'] as const) {
  test(`WebSocket ${behaviour}: control, refusal case and REST cross-check are all AC_WS_INFRA`, async () => {
    const server = await wsServer(behaviour);
    const config = referenceWsConfig(server.url, { timeoutMs: 400 });
    const control = await attempt(config, { mode: 'header', token: 'valid-looking', label: 'valid control' });
    expect(control.outcome.kind).toBe('infra');
    expectInfraOnly(judgeControl(config, control, 'alice', 'header'));
    const refusal = await attempt(config, { mode: 'header', token: 'garbage', label: 'garbage' });
    expectInfraOnly(judgeRefusal(refusal, 'http-401', 'garbage'));
    expectInfraOnly(judgeRestAgreement(false, 200, 'GET /api/v1/me', 'header', control.outcome));
    await Promise.all([control.session.close(), refusal.session.close()]);
    await server.close();
  });
}

test('close 1011 on bad credentials while the valid control was accepted is the handler crashing: AC_WS_BAD_REFUSAL_CODE', async () => {
  const server = await wsServer('close-1011');
  const config = referenceWsConfig(server.url, { timeoutMs: 400 });
  const refusal = await attempt(config, { mode: 'header', token: 'garbage', label: 'garbage' });
  expect(judgeRefusal(refusal, 'http-401', 'garbage', { controlAccepted: true }).map((entry) => entry.code)).toEqual([
    'AC_WS_BAD_REFUSAL_CODE',
  ]);
  // Without a healthy control, the same close is infrastructure.
  expectInfraOnly(judgeRefusal(refusal, 'http-401', 'garbage'));
  await refusal.session.close();
  await server.close();
});

test('REST answering 503, 429 or a redirect during the cross-check is infra, not a disagreement', () => {
  for (const [status, code] of [
    [503, 'AC_INFRA_5XX'],
    [500, 'AC_INFRA_5XX'],
    [429, 'AC_INFRA_RATE_LIMITED'],
    [301, 'AC_INFRA_REDIRECT'],
  ] as const)
    expect(judgeRestAgreement(true, status, 'GET /api/v1/me', 'header').map((entry) => entry.code)).toEqual([code]);
  expect(judgeRestAgreement(false, 200, 'GET /api/v1/me', 'header').map((entry) => entry.code)).toEqual([
    'AC_WS_REST_DISAGREE',
  ]);
});
