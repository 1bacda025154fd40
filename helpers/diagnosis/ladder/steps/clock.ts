import { skewMatters } from '../../passive/clock-skew';
import { confirmClockSkew } from '../clock-step';
import type { LadderStep } from '../ladder-step';

/** Clock: only a token minted from the server's time can confirm a skew read from its Date header. */
export const clockStep: LadderStep = {
  name: 'clock skew',
  needs: ['control-refused', 'spare-budget'],
  spends: 1,
  codes: ['AC_CLOCK_SKEW'],
  async run(state) {
    const { skew, cause, config, context } = state;
    const result = await confirmClockSkew(state.probes, {
      skew,
      cause,
      config,
      key: context.key,
      clock: context.clock,
    });
    if (result.note) state.notes.push(result.note);
    if (!result.confirmed) return;
    state.add(result.confirmed);
    state.stop();
  },
  starved(state) {
    const { skew, config } = state;
    if (skew && skewMatters(skew.skewMs, config.jwt.leewayMs))
      state.notes.push(`the server's Date is ${Math.round(skew.skewMs / 1000)} s off; no request left to confirm it`);
  },
};
