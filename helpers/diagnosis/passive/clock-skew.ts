/**
 * Skew of the server's clock against the runner's, from the HTTP Date header (1 s resolution).
 * Positive: the server is ahead. The Date header is taken when the response was generated, so the
 * local reference is the request's midpoint when known.
 */
export interface ClockReading {
  readonly serverDate: string;
  readonly skewMs: number;
}

export function readSkew(dateHeader: string | undefined, localMs: number): ClockReading | undefined {
  if (!dateHeader) return undefined;
  const serverMs = Date.parse(dateHeader);
  if (Number.isNaN(serverMs)) return undefined;
  return { serverDate: new Date(serverMs).toISOString(), skewMs: serverMs - localMs };
}

/** The Date header has a 1-second resolution: only skews beyond that and half the leeway matter. */
export function skewMatters(skewMs: number, leewayMs: number): boolean {
  return Math.abs(skewMs) > Math.max(1500, leewayMs / 2);
}
