import type { Fault } from './faults';

/** The target's own clock: the `Date` header, issued `iat`/`exp` and the verifier's "now" all come from it. */
export interface Clock {
  now(): Date;
  /** Seconds since the epoch, whole. */
  epochSeconds(): number;
}

export function createClock(offsetSeconds: number, realNow: () => number = Date.now): Clock {
  const now = () => new Date(realNow() + offsetSeconds * 1000);
  return { now, epochSeconds: () => Math.floor(now().getTime() / 1000) };
}

/** `clock-skew` runs the target 600 s ahead, `leeway-zero` 20 s behind. */
export function clockOffsetSeconds(faults: ReadonlySet<Fault>): number {
  return (faults.has('clock-skew') ? 600 : 0) + (faults.has('leeway-zero') ? -20 : 0);
}

/**
 * `date-lag`: the Date header lags the real time by 1–2 s, as servers that cache it do (uvicorn's was seen 0.7–1.7 s
 * behind). The clock itself is right; only the header is stale.
 */
export function dateHeaderClock(clock: Clock, faults: ReadonlySet<Fault>, random: () => number = Math.random): Clock {
  if (!faults.has('date-lag')) return clock;
  const lagged = () => new Date(clock.now().getTime() - 1000 - Math.floor(random() * 1000));
  return { now: lagged, epochSeconds: () => Math.floor(lagged().getTime() / 1000) };
}
