import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * What the proxy does to the traffic between the harness and the real target behind it. Every fault is what a real
 * ingress, gateway or dying host does on the wire; the target's own answers pass through untouched otherwise.
 */
export type ProxyFault =
  /** An http→https ingress: every path answers 301 to the same path on https. */
  | { readonly kind: 'redirect-everywhere'; readonly status?: 301 | 302 | 307 | 308 }
  /** Every path answers 302 to itself. */
  | { readonly kind: 'redirect-loop' }
  /** One route (method + path) answers `status` from the gateway; the others pass. */
  | {
      readonly kind: 'status-on-route';
      readonly status: number;
      readonly method: string;
      readonly path: string;
      readonly retryAfter?: string;
    }
  /** Sends the status line and then one header byte every `intervalMs`, never ending the headers. */
  | { readonly kind: 'trickle-headers'; readonly intervalMs?: number; readonly afterRequests?: number }
  /** Passes `requests` requests, then stops listening and drops every open connection. */
  | { readonly kind: 'die-after'; readonly requests: number }
  /** Passes everything. */
  | { readonly kind: 'none' };

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  /** HTTP requests seen so far (upgrades included). */
  requests(): number;
  close(): Promise<void>;
}

/** A loopback HTTP proxy in front of `upstream` (an `http://127.0.0.1:port` origin) that injects one fault. */
export async function startFaultProxy(upstream: string, fault: ProxyFault): Promise<FaultProxy> {
  const target = new URL(upstream);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let seen = 0;
  let dead = false;
  let port = 0;

  const passThrough = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const upstreamRequest = forward(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(outgoing);
      },
    );
    upstreamRequest.on('error', () => outgoing.destroy());
    incoming.pipe(upstreamRequest);
  };

  const trickle = (socket: Socket) => {
    socket.write('HTTP/1.1 200 OK\r\nx-trickle: ');
    const timer = setInterval(
      () => (socket.writable ? socket.write('a') : clearInterval(timer)),
      fault.kind === 'trickle-headers' ? (fault.intervalMs ?? 200) : 200,
    );
    timers.add(timer);
    socket.on('close', () => (clearInterval(timer), timers.delete(timer)));
  };

  const server = createServer((incoming, outgoing) => {
    const index = seen++;
    const path = incoming.url ?? '/';
    switch (fault.kind) {
      case 'redirect-everywhere':
        outgoing.writeHead(fault.status ?? 301, { location: `https://127.0.0.1:${port}${path}`, 'content-length': 0 });
        return void outgoing.end();
      case 'redirect-loop':
        outgoing.writeHead(302, { location: path, 'content-length': 0 });
        return void outgoing.end();
      case 'status-on-route':
        if (incoming.method === fault.method && path.split('?')[0] === fault.path) {
          incoming.resume();
          outgoing.writeHead(fault.status, {
            'content-type': 'text/html',
            ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
          });
          return void outgoing.end(`<html><body>${fault.status} from the gateway</body></html>`);
        }
        return passThrough(incoming, outgoing);
      case 'trickle-headers':
        if (index >= (fault.afterRequests ?? 0)) return trickle(incoming.socket);
        return passThrough(incoming, outgoing);
      case 'die-after':
        if (index >= fault.requests) {
          die();
          return;
        }
        return passThrough(incoming, outgoing);
      default:
        return passThrough(incoming, outgoing);
    }
  });
  server.keepAliveTimeout = 1_000;

  // WebSocket upgrades go through untouched (the faults above are about HTTP answers).
  server.on('upgrade', (incoming: IncomingMessage, socket: Socket, head: Buffer) => {
    seen++;
    if (dead || fault.kind === 'redirect-everywhere' || fault.kind === 'redirect-loop') return void socket.destroy();
    const upstreamSocket = connect(Number(target.port), target.hostname, () => {
      const lines = [`${incoming.method} ${incoming.url} HTTP/1.1`];
      for (let index = 0; index < incoming.rawHeaders.length; index += 2)
        lines.push(`${incoming.rawHeaders[index]}: ${incoming.rawHeaders[index + 1]}`);
      upstreamSocket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstreamSocket.write(head);
      upstreamSocket.pipe(socket).pipe(upstreamSocket);
    });
    sockets.add(upstreamSocket);
    upstreamSocket.on('close', () => sockets.delete(upstreamSocket));
    upstreamSocket.on('error', () => socket.destroy());
    socket.on('error', () => upstreamSocket.destroy());
  });

  server.on('connection', (socket: Socket) => {
    if (dead) return void socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });

  function die(): void {
    dead = true;
    server.close();
    for (const socket of sockets) socket.destroy();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () => seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
