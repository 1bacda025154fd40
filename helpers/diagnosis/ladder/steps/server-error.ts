import { healthStatusOf, serverErrorDiagnosis } from '../../../http/status-verdict';
import { diagnosis } from '../../diagnosis';
import type { LadderStep } from '../ladder-step';

/**
 * A 5xx or 429 is judged by the one health rule of `serverErrorDiagnosis` (gateway and overload statuses are
 * infrastructure; a 500 is infrastructure when the health route fails too). When the service is up, one more request
 * tells a crashing auth component (a valid token crashes too) from a handler that crashes only on invalid tokens.
 */
export const serverErrorStep: LadderStep = {
  name: 'server error (5xx, 429)',
  needs: ['server-error'],
  spends: 2,
  codes: ['AC_INFRA_RATE_LIMITED', 'AC_INFRA_5XX', 'AC_AUTH_COMPONENT_BROKEN', 'AC_INVALID_TOKEN_5XX'],
  async run(state) {
    state.stop();
    const { probes, context } = state;
    const health = async () => {
      const status = await healthStatusOf(context.http, state.config)();
      if (status !== undefined) probes.count('health route', status);
      state.evidence['healthStatus'] = status ?? null;
      return status;
    };
    const verdict = await serverErrorDiagnosis(state.refusal.exchange, 'the refused request', health);
    if (verdict?.code !== 'AC_AUTH_COMPONENT_BROKEN') return state.add(verdict);
    await probes.mintAndSend('valid control (harness token, header)', { key: context.key, clock: context.clock });
    const control = probes.records.at(-1)?.status;
    if (typeof control === 'number' && control < 500)
      return state.add(
        diagnosis(
          'AC_INVALID_TOKEN_5XX',
          `this token gets ${state.status} while a valid control gets ${control}: invalid tokens crash the handler instead of a 401`,
          { status: state.status, controlStatus: control },
        ),
      );
    state.add({ ...verdict, evidence: { ...verdict.evidence, controlStatus: control ?? null } });
  },
};
