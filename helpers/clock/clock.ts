/** Time is injected, never waited out: tests pass a fixed or offset clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(epochMs: number): Clock {
  return { now: () => epochMs };
}

/** A clock that runs `offsetMs` ahead of (or, negative, behind) another, e.g. to mint from the server's time. */
export function offsetClock(base: Clock, offsetMs: number): Clock {
  return { now: () => base.now() + offsetMs };
}
