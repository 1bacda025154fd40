import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../clock';
import type { ReferenceConfig } from '../config';
import { APP_HOST } from '../app/edge';
import { originAllowed, upgradeCredential } from './credentials';
import { refuseInvalid, refuseOrigin, refuseUpgrade } from './refuse';
import { ANONYMOUS, CLOSE_INTERNAL, runSession, type Hub, type SessionBehaviour } from './session';
import { hasWsFault } from './ws-faults';
import { loadWsSettings, PROTOCOL_MARKER } from './ws-settings';
import { createWsVerifier, type WsPrincipal } from './ws-verifier';

/**
 * The API's WebSocket endpoint (`WS_PATH`, default `/ws`), served on the same HTTP server through its `upgrade` event.
 * Healthy: Origin allowlist (403), token from header / subprotocol / query / cookie verified before the upgrade (401),
 * or, with no credential at all, from the first message (close 4401).
 */
export interface WsEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Terminates every connection. */
  close(): void;
}

export async function createWsEndpoint(
  config: ReferenceConfig,
  clock: Clock,
  authService: { rsaPublicKey?: KeyObject },
): Promise<WsEndpoint> {
  const settings = loadWsSettings(config);
  const verifier = await createWsVerifier(config, clock, authService);
  const hub: Hub = { sessions: new Set() };
  const behaviour: SessionBehaviour = {
    anonymousFallback: hasWsFault(config, 'ws-unauthenticated-fallback'),
    internalErrorOnAuthFailure: hasWsFault(config, 'ws-bad-close-code'),
    ignoreExpiry: hasWsFault(config, 'ws-no-expiry-close'),
    broadcastEchoes: hasWsFault(config, 'ws-broadcast-leak'),
    authTimeoutMs: settings.authTimeoutMs,
  };
  const checkOrigin = !hasWsFault(config, 'ws-no-origin-check');
  const wss = new WebSocketServer({
    noServer: true,
    // The token travels as the second offered protocol; the server only ever answers with the marker.
    handleProtocols: (protocols) => (protocols.has(PROTOCOL_MARKER) ? PROTOCOL_MARKER : false),
  });

  const accept = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    principal: WsPrincipal | undefined,
    then?: (ws: WebSocket) => void,
  ) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (then !== undefined) return then(ws);
      runSession(ws, principal, { verifier, clock, hub, behaviour });
    });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (new URL(req.url ?? '/', 'http://reference.invalid').pathname !== settings.path)
      return refuseUpgrade(socket, 404, { error: 'not_found' });
    if (checkOrigin && !originAllowed(req, settings.allowedOrigins, `http://${APP_HOST}:${req.socket.localPort ?? 0}`))
      return refuseOrigin(socket);
    const credential = upgradeCredential(req);
    if (credential.mode === 'none') return accept(req, socket, head, undefined);
    const verdict = await verifier.verify(credential.token);
    if (verdict.ok) return accept(req, socket, head, verdict.principal);
    if (verdict.reason === 'unavailable') {
      if (config.faults.has('jwt-lib-missing-401')) return refuseInvalid(socket, 'Invalid or expired token');
      return refuseUpgrade(socket, 500, { error: 'JWT library not available' });
    }
    if (behaviour.anonymousFallback) return accept(req, socket, head, ANONYMOUS);
    if (behaviour.internalErrorOnAuthFailure)
      return accept(req, socket, head, undefined, (ws) => ws.close(CLOSE_INTERNAL, 'internal error'));
    refuseInvalid(socket, verdict.reason);
  }

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      upgrade(req, socket, head).catch(() => refuseUpgrade(socket, 500, { error: 'internal' }));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
