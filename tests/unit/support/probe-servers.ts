import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Misbehaving targets on loopback, each a real socket: what staging looks like when it is down, slow or hostile. */
export interface ProbeServer {
  readonly url: string;
  readonly count: () => number;
  close(): Promise<void>;
}

async function listen(server: Server, scheme = 'http'): Promise<ProbeServer> {
  let served = 0;
  server.on('connection', () => served++);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function refusedUrl(): Promise<string> {
  const server = await listen(createNetServer());
  await server.close();
  return server.url;
}

/** Accepts the connection and never answers. */
export const hangingServer = () => listen(createNetServer(() => undefined));

/** Reads the request, then resets the connection. */
export const resettingServer = () =>
  listen(createNetServer((socket) => socket.once('data', () => socket.resetAndDestroy())));

/** Answers with a handler; `requests` counts HTTP requests (not connections). */
export async function httpServer(
  handler: (request: IncomingMessage, response: ServerResponse, index: number) => void,
): Promise<ProbeServer & { requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => handler(request, response, requests++));
  const probe = await listen(server);
  return { ...probe, requests: () => requests };
}

/** Every request answers `status` (with optional headers). */
export const statusServer = (status: number, headers: Record<string, string> = {}) =>
  httpServer((_request, response) => response.writeHead(status, headers).end('{}'));

/** One request in three answers 503, the others 200: a flapping target. */
export const flappingServer = () =>
  httpServer((_request, response, index) => response.writeHead(index % 3 === 0 ? 503 : 200).end('{}'));

/** HTTPS with a self-signed certificate made for this run (openssl), which the runner does not trust. */
export async function selfSignedServer(): Promise<ProbeServer> {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]),
    { stdio: 'ignore' },
  );
  const server = createHttpsServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_request, response) => response.writeHead(200).end('{}'),
  );
  return listen(server as unknown as Server, 'https');
}
