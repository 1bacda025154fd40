import { heldKeyFor } from '../held-key';
import type { LadderStep } from '../ladder-step';

/** Which key the harness holds verifies the refused token and the target's own: with one, the secret is not the cause. */
export const heldKeysStep: LadderStep = {
  name: 'keys the harness holds',
  needs: [],
  spends: 0,
  codes: [],
  async run(state) {
    const { context, facts } = state;
    facts.refusedHeldKey = await heldKeyFor(state.sent?.raw, context.key, context.resolution);
    facts.issuedHeldKey = await heldKeyFor(state.issued?.raw, context.key, context.resolution);
    state.evidence['refusedTokenVerifiesWith'] = facts.refusedHeldKey ?? null;
    state.evidence['issuedTokenVerifiesWith'] = facts.issuedHeldKey ?? null;
  },
};
