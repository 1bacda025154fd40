import { bisectClaims, narrowOwnTokenRefusal } from '../claims-step';
import type { LadderState } from '../ladder-state';
import type { LadderStep } from '../ladder-step';

/** At most this many claims are tried one at a time after the re-signed token (iss, aud, typ, token_type, …). */
const CLAIMS_TRIED = 8;

function issuedParts(state: LadderState) {
  const decoded = state.issued?.decoded;
  return decoded ? { header: decoded.header, payload: decoded.payload } : undefined;
}

/**
 * The target's own token: accepted? Then its claims re-signed with the harness key, and the claim that differs
 * from the harness's found one at a time (claims bisection).
 */
export const issuedTokenStep: LadderStep = {
  name: "the target's issued token",
  needs: ['control-refused', 'issued-token'],
  spends: 2 + CLAIMS_TRIED,
  codes: ['AC_AUDIENCE_DRIFT', 'AC_ISSUER_DRIFT', 'AC_REQUIRED_CLAIM_MISSING'],
  async run(state) {
    const { probes, facts, context } = state;
    const exchange = probes.exhausted
      ? undefined
      : await probes.send("token issued by the target's login", state.issued?.raw);
    facts.issuedExchange = exchange;
    facts.issuedAccepted = exchange !== undefined && probes.accepts(exchange.status);
    state.evidence['issuedTokenAccepted'] = exchange ? exchange.status : null;
    const issued = issuedParts(state);
    if (!facts.issuedAccepted || !issued) return;
    const claims = await bisectClaims(probes, { issued, config: state.config, key: context.key, clock: context.clock });
    if (claims && claims.length > 0) {
      for (const found of claims) state.add(found);
      state.stop();
    } else if (claims)
      state.notes.push("the API accepts the issued claims re-signed with the harness key and the harness's own");
  },
};

/** Requests kept back from the narrowing for the steps after it (the weak keys). */
const KEPT_FOR_WEAK_KEYS = 4;

/**
 * The API refuses its own auth service's token although it is signed with a key the harness holds: claim variants of
 * that token narrow which convention the API enforces.
 */
export const ownTokenStep: LadderStep = {
  name: 'own token refused: claim variants',
  needs: ['control-refused', 'issued-token'],
  spends: 5,
  codes: ['AC_AUDIENCE_DRIFT', 'AC_ISSUER_DRIFT', 'AC_REQUIRED_CLAIM_MISSING'],
  async run(state) {
    const { probes } = state;
    const base = issuedParts(state);
    if (!ownTokenRefused(state) || !base) return;
    const spare = Math.max(0, probes.budgetLeft - KEPT_FOR_WEAK_KEYS);
    const narrowed = await narrowOwnTokenRefusal(probes, { base, key: state.context.key, spare });
    if (!narrowed) return;
    state.add(narrowed);
    state.stop();
  },
};

/** The target's issued token was sent and refused, and a key the harness holds signs it. */
export function ownTokenRefused(state: LadderState): boolean {
  const { facts } = state;
  return facts.issuedExchange !== undefined && facts.issuedAccepted === false && facts.issuedHeldKey !== undefined;
}
