import { diagnosis } from '../../diagnosis';
import { skewMatters } from '../../passive/clock-skew';
import { readTokenTimes } from '../../passive/token-times';
import type { LadderStep } from '../ladder-step';

/** A token past its `exp` by both the runner's clock and the server's needs no probe. */
export const expiredStep: LadderStep = {
  name: 'expired token',
  needs: ['token'],
  spends: 0,
  codes: ['AC_TOKEN_EXPIRED'],
  run(state) {
    const { skew, config, context } = state;
    const payload = state.sent?.decoded?.payload;
    if (!payload || (skew && skewMatters(skew.skewMs, config.jwt.leewayMs))) return;
    const now = context.clock.now();
    const times = { runnerMs: now, serverMs: now + (skew?.skewMs ?? 0), leewayMs: config.jwt.leewayMs };
    if (readTokenTimes(payload, times) !== 'expired') return;
    // A token is read as expired only from a numeric exp.
    const exp = payload['exp'] as number;
    state.add(
      diagnosis('AC_TOKEN_EXPIRED', `the token expired ${Math.round((now - exp * 1000) / 1000)} s ago`, {
        exp: new Date(exp * 1000).toISOString(),
      }),
    );
    state.stop();
  },
};
