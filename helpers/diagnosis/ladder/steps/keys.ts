import type { HmacAlg } from '../../../token/signing-key';
import type { KeyHypothesis } from '../../probes/secret-variants';
import type { LadderState } from '../ladder-state';
import type { LadderStep } from '../ladder-step';
import { tryKeys } from '../key-step';

async function tryHypotheses(state: LadderState, hypotheses: readonly KeyHypothesis[]): Promise<void> {
  const { context, facts } = state;
  const witness = {
    issuedVerifiesWithHarnessKey: facts.issuedHeldKey !== undefined,
    issuedAccepted: facts.issuedAccepted === true,
  };
  const found = await tryKeys(state.probes, hypotheses, {
    config: state.config,
    resolution: context.resolution,
    clock: context.clock,
    witness,
    alg: state.config.jwt.alg as HmacAlg,
  });
  if (!found) return;
  state.add(found);
  state.stop();
}

/** Which key does the API accept? The chain's own candidates (their requests were kept for them). */
export const chainKeysStep: LadderStep = {
  name: "the key chain's other candidates",
  needs: ['control-refused', 'hmac'],
  spends: Number.POSITIVE_INFINITY,
  codes: ['AC_SECRET_MISMATCH', 'AC_SERVICES_SECRET_DISAGREE', 'AC_JSON_SECRET_AS_KEY', 'AC_SECRET_ENCODING_MISMATCH'],
  run: (state) =>
    tryHypotheses(
      state,
      state.hypotheses.filter((hypothesis) => hypothesis.meaning !== 'AC_WEAK_SECRET_ACCEPTED'),
    ),
};

/** Well-known and empty keys: a backend running on a fallback. */
export const weakKeysStep: LadderStep = {
  name: 'well-known and empty keys',
  needs: ['control-refused', 'hmac'],
  spends: Number.POSITIVE_INFINITY,
  codes: ['AC_WEAK_SECRET_ACCEPTED'],
  run: (state) =>
    tryHypotheses(
      state,
      state.hypotheses.filter((hypothesis) => hypothesis.meaning === 'AC_WEAK_SECRET_ACCEPTED'),
    ),
};
