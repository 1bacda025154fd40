import type { DiagnosisCode } from '../catalogue';
import { isDeclaredRefusal } from '../verdicts/declared-refusal';
import type { LadderState } from './ladder-state';

/** What a step needs before it may run; the runner checks them (`NEEDS`), so the list reads as data. */
export type Need =
  | 'server-error'
  | 'refusal'
  | 'token'
  | 'issued-token'
  | 'oauth'
  | 'hmac'
  | 'token-cookie'
  | 'control-accepted'
  | 'control-refused'
  | 'spare-budget';

export const NEEDS: Readonly<Record<Need, (state: LadderState) => boolean>> = {
  /** A 5xx or 429: infrastructure or a crashing handler, never an auth verdict by itself. */
  'server-error': (state) => state.status >= 500 || state.status === 429,
  /** A refusal of the credentials: 401, 403, or a status BAD_TOKEN_STATUS declares. */
  refusal: (state) =>
    state.status === 401 || state.status === 403 || isDeclaredRefusal(state.status, state.config.contract),
  token: (state) => state.sent !== undefined,
  'issued-token': (state) => state.issued !== undefined,
  oauth: (state) => state.config.oauth !== undefined,
  hmac: (state) => state.hypotheses.length > 0,
  'token-cookie': (state) => state.config.tokenCookie !== undefined,
  'control-accepted': (state) => state.facts.controlAccepted === true,
  'control-refused': (state) => state.facts.controlAccepted === false,
  /** An optional probe: it runs only if the requests kept for the key chain's candidates stay free. */
  'spare-budget': (state) => state.probes.spare(state.reserve),
};

/**
 * One rung of the ladder. `spends` is the most requests it may send to the target (the runner caps it there;
 * `Infinity`: whatever the budget has left); `codes` every code it may add (a test checks the step's source against it).
 */
export interface LadderStep {
  readonly name: string;
  readonly needs: readonly Need[];
  readonly spends: number;
  readonly codes: readonly DiagnosisCode[];
  /** Reads and writes the shared state: `state.add(…)` a finding, `state.stop()` to end the ladder after it. */
  run(state: LadderState): Promise<void> | void;
  /** Called instead of `run` when only 'spare-budget' was missing (to leave a note). */
  starved?(state: LadderState): void;
}
