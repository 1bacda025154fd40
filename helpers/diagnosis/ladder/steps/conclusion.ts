import { isJwt, opaqueTokenShape } from '../../../token/decode-token';
import { diagnosis } from '../../diagnosis';
import type { LadderState } from '../ladder-state';
import type { LadderStep } from '../ladder-step';
import { keyMismatch } from '../reason-diagnosis';
import { ownTokenRefused } from './issued-token';

/**
 * Why the API refuses its own auth service's token, most likely first, as far as the evidence leaves them open.
 * The verifier's own loading (library, key) is no candidate once a route of the same API verified with the same key.
 */
export function openCandidates(state: LadderState): string[] {
  const candidates = [
    'it wants another token type than the one sent (the access token where the ID token went, or the reverse)',
    'its claim policy (issuer, audience or client id, token_use) differs from its auth service’s beyond the variants tried',
  ];
  if (state.context.sameKeyVerifiedBy === undefined)
    candidates.push('its verifier is not initialised (JWT library or key not loaded)');
  else candidates.push('its verifier reads another key than the one it signs with (rotation, a second key store)');
  return candidates;
}

/** What is left, never "secret mismatch" while a key the harness holds signs the tokens in question. */
export const conclusionStep: LadderStep = {
  name: 'conclusion',
  needs: ['control-refused'],
  spends: 0,
  codes: ['AC_API_REFUSES_OWN_TOKENS', 'AC_TOKEN_NOT_JWT', 'AC_SECRET_MISMATCH', 'AC_SIGNING_KEY_MISMATCH'],
  run(state) {
    const { refusal, context, facts, reason, config, issued } = state;
    const resolution = context.resolution;
    const said = reason ? ` (server: "${reason.text}")` : '';
    // The harness's own minted token always verifies with its key: only a token from elsewhere is a witness.
    const refusedFromElsewhere =
      refusal.tokenOrigin === 'given' ||
      refusal.tokenOrigin === 'target' ||
      (state.sent !== undefined && state.sent.raw === issued?.raw);
    const holdsKey = facts.issuedHeldKey !== undefined || (refusedFromElsewhere && facts.refusedHeldKey !== undefined);
    if (ownTokenRefused(state)) {
      const held = facts.issuedHeldKey;
      const open = openCandidates(state);
      return state.add(
        diagnosis(
          'AC_API_REFUSES_OWN_TOKENS',
          `the API refuses the token its own auth service just issued (signed with ${held?.source} ${held?.fingerprint}, a key the harness holds) and every probe${said}; still open, in order: ${open.map((text, index) => `${index + 1}. ${text}`).join('; ')}`,
          {
            probes: state.probes.used,
            serverReason: reason ?? null,
            candidates: open,
            sameKeyVerifiedBy: context.sameKeyVerifiedBy ?? null,
          },
        ),
      );
    }
    if (facts.issuedAccepted && issued !== undefined && !isJwt(issued.raw))
      // An opaque token says nothing about signing keys: no secret comparison is possible.
      return state.add(
        diagnosis(
          'AC_TOKEN_NOT_JWT',
          `the target accepts the opaque token its login issues (${opaqueTokenShape(issued.raw)}) but not the harness's JWT: it may not take JWTs on this route at all; no secret comparison is possible`,
          { issuedTokenAccepted: facts.issuedExchange?.status ?? null },
        ),
      );
    if (facts.issuedAccepted && !holdsKey)
      return state.add(
        keyMismatch(
          config,
          `the target accepts the tokens it issues but not the harness's: it signs with a key other than ${resolution.source} (${resolution.fingerprint})${resolution.candidates.length > 1 ? ' and other than every chain candidate' : ''}`,
          { harness: resolution.fingerprint, issuedTokenVerifiesWithHarnessSecret: false },
        ),
      );
    if (!holdsKey)
      return state.add(
        keyMismatch(
          config,
          `no key the harness knows is accepted; the harness resolved ${resolution.source} (${resolution.fingerprint})${said}`,
          { harness: resolution.fingerprint, serverReason: reason ?? null },
        ),
      );
    state.notes.push(
      `a key the harness holds (${(facts.issuedHeldKey ?? facts.refusedHeldKey)?.source}) verifies the token, so the secret is not the cause; no probe named another`,
    );
  },
};
