/**
 * A token's time claims read against two clocks: the runner's and the server's (from its Date header).
 * - `expired`: past `exp` (with leeway) by both clocks;
 * - `expired-by-server-clock`: valid by the runner's clock, past `exp` by the server's: the server's clock is ahead;
 * - `issued-in-future`: `iat` or `nbf` after the server's time (with leeway): the issuer's clock is ahead of the server's.
 * The Date header has a one-second resolution and may lag: a reading within 1.5 s of the bound decides nothing.
 */
export type TokenTime = 'expired' | 'expired-by-server-clock' | 'issued-in-future';

const RESOLUTION_MS = 1500;

export function readTokenTimes(
  payload: Readonly<Record<string, unknown>>,
  clocks: { runnerMs: number; serverMs: number | undefined; leewayMs: number },
): TokenTime | undefined {
  const { runnerMs, serverMs, leewayMs } = clocks;
  const exp = payload['exp'];
  if (typeof exp === 'number') {
    const deadline = exp * 1000 + leewayMs;
    if (deadline < runnerMs && (serverMs === undefined || deadline < serverMs)) return 'expired';
    // Not expired by both clocks, so still valid by the runner's whenever the server's is this far past the deadline.
    if (serverMs !== undefined && deadline + RESOLUTION_MS < serverMs) return 'expired-by-server-clock';
  }
  if (serverMs === undefined) return undefined;
  const start = [payload['iat'], payload['nbf']].filter((value): value is number => typeof value === 'number');
  if (start.some((seconds) => seconds * 1000 - leewayMs > serverMs + RESOLUTION_MS)) return 'issued-in-future';
  return undefined;
}
