import type { Clock } from '../../../helpers/clock/clock';
import type { LadderState } from '../../../helpers/diagnosis/ladder/ladder-state';
import { clockStep } from '../../../helpers/diagnosis/ladder/steps/clock';
import { expiredStep } from '../../../helpers/diagnosis/ladder/steps/expired';
import { readTokenTimes, type TokenTime } from '../../../helpers/diagnosis/passive/token-times';
import type { ProofRow } from './proof-row';

/**
 * Proofs of the time steps on their boundaries: the token-time reading exactly at a bound and one second either side,
 * the expired step against a server clock a little off, and the clock step's note when no request is left. Time is
 * given, never waited for.
 */
const NOW = Date.parse('2026-12-04T12:00:00Z');
const LEEWAY = 30_000;
const at = (ms: number) => ms / 1000;

function times(
  name: string,
  payload: Record<string, unknown>,
  clocks: { runnerMs: number; serverMs: number | undefined; leewayMs: number },
  expected: TokenTime | undefined,
): ProofRow {
  return {
    name: `token times: ${name}`,
    check: async () => {
      const read = readTokenTimes(payload, clocks);
      return read === expected ? undefined : `read ${String(read)}, expected ${String(expected)}`;
    },
  };
}

const TOKEN_TIMES: ProofRow[] = [
  // exp + leeway exactly now: not yet expired; a millisecond later it is.
  times(
    "exp + leeway exactly at the runner's time, no Date: valid",
    { exp: at(NOW - LEEWAY) },
    { runnerMs: NOW, serverMs: undefined, leewayMs: LEEWAY },
    undefined,
  ),
  times(
    "exp + leeway 1 s before the runner's time, no Date: expired",
    { exp: at(NOW - LEEWAY - 1000) },
    { runnerMs: NOW, serverMs: undefined, leewayMs: LEEWAY },
    'expired',
  ),
  times(
    'past exp by the runner, exactly at exp by the server: not expired by both',
    { exp: at(NOW - 5000) },
    { runnerMs: NOW, serverMs: NOW - 5000, leewayMs: 0 },
    undefined,
  ),
  times(
    'past exp by the runner, 1 s past it by the server: expired',
    { exp: at(NOW - 5000) },
    { runnerMs: NOW, serverMs: NOW - 4000, leewayMs: 0 },
    'expired',
  ),
  times(
    'an exp written as a string is no exp',
    { exp: String(at(NOW - 3_600_000)) },
    { runnerMs: NOW, serverMs: NOW, leewayMs: 0 },
    undefined,
  ),
  // The Date header's resolution (1.5 s): a server past exp by exactly that decides nothing, 1 s more does.
  times(
    'valid by the runner, the server exactly 1.5 s past exp: undecided',
    { exp: at(NOW + 1000) },
    { runnerMs: NOW, serverMs: NOW + 2500, leewayMs: 0 },
    undefined,
  ),
  times(
    "valid by the runner, the server 2.5 s past exp: expired by the server's clock",
    { exp: at(NOW + 1000) },
    { runnerMs: NOW, serverMs: NOW + 3500, leewayMs: 0 },
    'expired-by-server-clock',
  ),
  times(
    "iat exactly 1.5 s + leeway after the server's time: undecided",
    { iat: at(NOW + LEEWAY + 1500) },
    { runnerMs: NOW, serverMs: NOW, leewayMs: LEEWAY },
    undefined,
  ),
  times(
    'iat 1 s later than that: issued in the future',
    { iat: at(NOW + LEEWAY + 2500) },
    { runnerMs: NOW, serverMs: NOW, leewayMs: LEEWAY },
    'issued-in-future',
  ),
  times(
    'nbf 1 s later than that: issued in the future',
    { nbf: at(NOW + LEEWAY + 2500), iat: at(NOW) },
    { runnerMs: NOW, serverMs: NOW, leewayMs: LEEWAY },
    'issued-in-future',
  ),
  times(
    'no Date header: a future iat decides nothing',
    { iat: at(NOW + 3_600_000) },
    { runnerMs: NOW, serverMs: undefined, leewayMs: 0 },
    undefined,
  ),
];

const clockAt = (ms: number): Clock => ({ now: () => ms }) as Clock;

/** A state with what the time steps read: the sent token's payload, the Date reading, the leeway, the clock. */
function timeState(payload: Record<string, unknown> | undefined, skewMs: number | undefined, leewayMs = 0) {
  const found: { code: string; summary: string; evidence: Record<string, unknown> }[] = [];
  const notes: string[] = [];
  let stopped = false;
  const state = {
    sent: payload ? { raw: 'x', decoded: { header: {}, payload } } : undefined,
    skew: skewMs === undefined ? undefined : { serverDate: new Date(NOW + skewMs).toISOString(), skewMs },
    config: { jwt: { leewayMs } },
    context: { clock: clockAt(NOW) },
    notes,
    found,
    add: (entry: (typeof found)[number] | undefined) => void (entry && found.push(entry)),
    stop: () => void (stopped = true),
  } as unknown as LadderState;
  return { state, found, notes, stopped: () => stopped };
}

function expired(
  name: string,
  payload: Record<string, unknown> | undefined,
  skewMs: number | undefined,
  summary: string | undefined,
): ProofRow {
  return {
    name: `expired step: ${name}`,
    check: async () => {
      const { state, found, stopped } = timeState(payload, skewMs);
      await expiredStep.run(state);
      const said = found.map((entry) => `${entry.code}: ${entry.summary}`).join('; ');
      if (summary === undefined) return found.length === 0 && !stopped() ? undefined : `found ${said}`;
      if (said !== `AC_TOKEN_EXPIRED: ${summary}`) return `found ${said || 'nothing'}`;
      if (found[0]?.evidence['exp'] !== new Date(Number(payload?.['exp']) * 1000).toISOString()) return 'evidence exp';
      return stopped() ? undefined : 'the ladder went on';
    },
  };
}

const EXPIRED: ProofRow[] = [
  expired('an hour past exp, no Date header', { exp: at(NOW - 3_600_000) }, undefined, 'the token expired 3600 s ago'),
  expired(
    '0.5 s past exp, the server 1 s ahead (too little to matter): expired',
    { exp: at(NOW - 500) },
    1000,
    'the token expired 1 s ago',
  ),
  expired(
    '0.5 s past exp, the server 1 s behind: not past exp by the server, no verdict',
    { exp: at(NOW - 500) },
    -1000,
    undefined,
  ),
  expired(
    'an hour past exp with the server 10 min behind: the clocks decide, not this step',
    { exp: at(NOW - 3_600_000) },
    -600_000,
    undefined,
  ),
  expired('no exp', { iat: at(NOW - 3_600_000) }, undefined, undefined),
  expired('an exp written as a string', { exp: String(at(NOW - 3_600_000)) }, undefined, undefined),
  expired('no token', undefined, undefined, undefined),
];

function starved(name: string, skewMs: number | undefined, note: string | undefined): ProofRow {
  return {
    name: `clock step without a request left: ${name}`,
    check: async () => {
      const { state, notes } = timeState({ exp: at(NOW + 60_000) }, skewMs, LEEWAY);
      clockStep.starved?.(state);
      const said = notes.join('; ');
      return said === (note ?? '') ? undefined : `notes "${said}"`;
    },
  };
}

/** The clock step with a probe runner whose server-time token gets `accepted`. */
function confirmed(name: string, accepted: boolean, expected: { code?: string; note?: string }): ProofRow {
  return {
    name: `clock step: ${name}`,
    check: async () => {
      const { state, found, notes, stopped } = timeState({ exp: at(NOW + 60_000) }, 600_000, LEEWAY);
      const labels: string[] = [];
      Object.assign(state, {
        probes: {
          mintAndSend: async (label: string) => {
            labels.push(label);
            return accepted;
          },
        },
        context: { clock: clockAt(NOW), key: { alg: 'HS256' } },
      });
      await clockStep.run(state);
      if (labels.join() !== "token minted from the server's clock (600 s)") return `probes ${labels.join()}`;
      const codes = found.map((entry) => entry.code).join();
      if (codes !== (expected.code ?? '')) return `found ${codes || 'nothing'}`;
      if (notes.join('; ') !== (expected.note ?? '')) return `notes "${notes.join('; ')}"`;
      return stopped() === (expected.code !== undefined) ? undefined : 'stop differs';
    },
  };
}

const CLOCK: ProofRow[] = [
  confirmed('a Date 10 min ahead, the server-time token accepted: skew, and the ladder ends', true, {
    code: 'AC_CLOCK_SKEW',
  }),
  confirmed('a Date 10 min ahead, the server-time token refused too: only a note', false, {
    note: `the server's Date (${new Date(NOW + 600_000).toISOString()}) is 600 s ahead of the runner's; leeway 30 s, but a token minted from the server's time is refused too: not the cause`,
  }),
  starved('a Date 10 min ahead is noted', 600_000, "the server's Date is 600 s off; no request left to confirm it"),
  starved('a Date within half the leeway is not', 14_000, undefined),
  starved('no Date header, no note', undefined, undefined),
];

export const TIME_PROOFS: readonly ProofRow[] = [...TOKEN_TIMES, ...EXPIRED, ...CLOCK];
