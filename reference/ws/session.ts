import type { WebSocket, RawData } from 'ws';
import type { Clock } from '../clock';
import type { WsPrincipal, WsVerifier } from './ws-verifier';

/**
 * One connection's life: optional first-message auth, the welcome naming the user, per-user echo, and the close when
 * the token expires (at `exp` + leeway, on the target's clock). Behaviour switches come from the faults.
 */

export const CLOSE_AUTH = 4401;
export const CLOSE_INTERNAL = 1011;

export interface SessionBehaviour {
  /** `ws-unauthenticated-fallback`: a failed authentication continues as `anonymous`. */
  anonymousFallback: boolean;
  /** `ws-bad-close-code`: a failed authentication closes with 1011 instead of 4401. */
  internalErrorOnAuthFailure: boolean;
  /** `ws-no-expiry-close`. */
  ignoreExpiry: boolean;
  /** `ws-broadcast-leak`: every echo goes to every connected session. */
  broadcastEchoes: boolean;
  authTimeoutMs: number;
}

export interface Hub {
  sessions: Set<Session>;
}

export interface Session {
  principal: WsPrincipal;
  send(message: unknown): void;
}

export const ANONYMOUS: WsPrincipal = { sub: 'anonymous', role: null, exp: 0 };

export function runSession(
  socket: WebSocket,
  initial: WsPrincipal | undefined,
  context: { verifier: WsVerifier; clock: Clock; hub: Hub; behaviour: SessionBehaviour },
): void {
  const { verifier, clock, hub, behaviour } = context;
  const timers = new Set<NodeJS.Timeout>();
  let session: Session | undefined;

  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const timer = (ms: number, action: () => void) => {
    const handle = setTimeout(action, Math.max(0, ms));
    handle.unref();
    timers.add(handle);
  };
  const closeWith = (code: number, reason: string) => socket.close(code, reason.slice(0, 120));

  function authenticated(principal: WsPrincipal): void {
    session = { principal, send };
    hub.sessions.add(session);
    send({ type: 'welcome', sub: principal.sub, role: principal.role, exp: principal.exp || null });
    if (principal.exp > 0 && !behaviour.ignoreExpiry) {
      timer((principal.exp + verifier.leewaySeconds) * 1000 - clock.now().getTime(), () =>
        closeWith(CLOSE_AUTH, 'token expired'),
      );
    }
  }

  function authFailed(reason: string): void {
    if (behaviour.anonymousFallback) return authenticated(ANONYMOUS);
    closeWith(
      behaviour.internalErrorOnAuthFailure ? CLOSE_INTERNAL : CLOSE_AUTH,
      behaviour.internalErrorOnAuthFailure ? 'internal error' : reason,
    );
  }

  async function onMessage(data: RawData): Promise<void> {
    const message = parse(data);
    if (session === undefined) {
      if (message?.type !== 'auth' || typeof message.token !== 'string') return authFailed('authentication required');
      const verdict = await verifier.verify(message.token);
      if (socket.readyState !== socket.OPEN) return;
      return verdict.ok
        ? authenticated(verdict.principal)
        : authFailed(verdict.reason === 'unavailable' ? 'authentication unavailable' : 'invalid token');
    }
    if (message?.type === 'echo') {
      const reply = { type: 'echo', from: session.principal.sub, data: message.data ?? null };
      const recipients = behaviour.broadcastEchoes ? [...hub.sessions] : [session];
      for (const recipient of recipients) recipient.send(reply);
      return;
    }
    send({ type: 'error', error: message === undefined ? 'invalid_json' : 'unknown_type' });
  }

  // Messages are handled one at a time, in order, even while an auth message is being verified.
  let queue = Promise.resolve();
  socket.on('message', (data) => {
    queue = queue.then(() => onMessage(data)).catch(() => closeWith(CLOSE_INTERNAL, 'internal error'));
  });
  socket.on('close', () => {
    for (const handle of timers) clearTimeout(handle);
    if (session !== undefined) hub.sessions.delete(session);
  });
  socket.on('error', () => socket.terminate());

  if (initial !== undefined) authenticated(initial);
  else timer(behaviour.authTimeoutMs, () => session === undefined && authFailed('authentication timeout'));
}

function parse(data: RawData): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(
      Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'),
    );
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
