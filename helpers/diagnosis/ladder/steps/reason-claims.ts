import { compareIssuedToken } from '../../passive/token-vs-config';
import type { LadderStep } from '../ladder-step';
import { claimDiagnosisFromReason } from '../reason-diagnosis';

/** What the server's words and the issued token say about claims, read after the probes that could outrank them. */
export const reasonClaimsStep: LadderStep = {
  name: "the server's reason and the issued token's claims",
  needs: ['control-refused'],
  spends: 0,
  codes: ['AC_AUDIENCE_DRIFT', 'AC_ISSUER_DRIFT', 'AC_ALG_DRIFT', 'AC_REQUIRED_CLAIM_MISSING'],
  run(state) {
    const { cause, reason, config } = state;
    // A reason that names no claim cause (time, key, none at all) gives no claim diagnosis.
    if (reason) state.add(claimDiagnosisFromReason(cause, reason, config));
    if (state.issued) for (const drift of compareIssuedToken(state.issued.raw, config)) state.add(drift);
    if (state.found.length > 0) state.stop();
  },
};
