import { diagnosis } from '../../diagnosis';
import { toBase64Url, tokenEncodingIssues } from '../../passive/token-encoding';
import type { LadderStep } from '../ladder-step';

/** A token written in the wrong encoding: is its base64url form accepted? */
export const encodingStep: LadderStep = {
  name: 'token encoding',
  needs: ['token'],
  spends: 1,
  codes: ['AC_TOKEN_ENCODING_MISMATCH'],
  async run(state) {
    const token = state.sent?.raw as string;
    const issues = tokenEncodingIssues(token);
    if (issues.length === 0) return;
    const { probes } = state;
    const fixed = await probes.send(
      'the same token re-encoded as base64url',
      toBase64Url(token),
      state.refusal.delivery ?? 'header',
    );
    const confirmed = fixed !== undefined && probes.accepts(fixed.status);
    state.add(
      diagnosis(
        'AC_TOKEN_ENCODING_MISMATCH',
        `the token sent is not base64url (${issues.join(', ')})${confirmed ? '; the same token in base64url is accepted' : ''}`,
        { issues, confirmedByProbe: confirmed },
      ),
    );
    if (confirmed) state.stop();
  },
};
