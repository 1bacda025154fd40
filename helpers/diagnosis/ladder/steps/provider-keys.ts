import { diagnoseProviderRefusal } from '../../../oidc/diagnose-provider-refusal';
import { signatureVerifies } from '../../../token/verify-signature';
import type { LadderStep } from '../ladder-step';

/**
 * A token from the env's identity provider (no-mint mode, or a token the harness's key does not sign): checked through
 * the provider's published keys and metadata before any probe. Fetches the provider's discovery and JWKS, never the
 * route under diagnosis, so it spends none of the route's budget.
 */
export const providerKeysStep: LadderStep = {
  name: "the identity provider's keys",
  needs: ['oauth', 'token', 'refusal'],
  spends: 0,
  codes: [
    'AC_INSUFFICIENT_SCOPE',
    'AC_AUDIENCE_DRIFT',
    'AC_ISSUER_DRIFT',
    'AC_ISSUED_TOKEN_UNVERIFIABLE',
    'AC_API_TRUSTS_OTHER_ISSUER',
    'AC_KID_NOT_IN_API_JWKS',
    'AC_ALG_DRIFT',
    'AC_API_REFUSES_OWN_TOKENS',
  ],
  async run(state) {
    const { context, config, refusal } = state;
    const token = state.sent?.raw as string;
    if (config.jwt.mint !== 'none' && (await signatureVerifies(token, context.key))) return;
    const fromProvider = await diagnoseProviderRefusal(context.http, config, context.clock, refusal);
    if (fromProvider.verdict) state.evidence['providerKeys'] = fromProvider.verdict;
    for (const found of fromProvider.diagnoses) state.add(found);
    if (fromProvider.diagnoses.length > 0) state.stop();
  },
};
