import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { bearerChallenge } from '../respond';

/** Refuses an upgrade with a plain HTTP response on the raw socket (the client's `unexpected-response`). */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  body: Record<string, string>,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(payload)}`,
    'Cache-Control: no-store',
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  if (socket.writable) socket.end(`${lines.join('\r\n')}\r\n\r\n${payload}`);
  else socket.destroy();
}

export function refuseInvalid(socket: Duplex, reason: string): void {
  refuseUpgrade(
    socket,
    401,
    { error: 'invalid_token', error_description: reason },
    { 'WWW-Authenticate': bearerChallenge({ error: 'invalid_token', error_description: reason }) },
  );
}

export function refuseOrigin(socket: Duplex): void {
  refuseUpgrade(socket, 403, { error: 'origin_not_allowed' });
}
