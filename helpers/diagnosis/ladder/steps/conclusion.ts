import { isJwt, opaqueTokenShape } from '../../../token/decode-token';
import { diagnosis } from '../../diagnosis';
import type { LadderState } from '../ladder-state';
import type { LadderStep } from '../ladder-step';
import { keyMismatch } from '../reason-diagnosis';
import { ownTokenRefused } from './issued-token';

/** A verifier that did not load: a missing library or module, an import or key-loading failure. */
const LOADING_FAILURE =
  /librar|no module named|import|not available|not loaded|invalid elf header|cannot load|failed to load/i;

/**
 * Why the API refuses its own auth service's token, most likely first, as far as the evidence leaves them open.
 * The verifier's own loading (library, key) is no candidate once a route of the same API verified with the same key.
 */
export function openCandidates(state: LadderState): string[] {
  const verifier = 'its verifier is not initialised (JWT library or key not loaded)';
  const candidates = [
    'it wants another token type than the one sent (the access token where the ID token went, or the reverse)',
    'its claim policy (issuer, audience or client id, token_use) differs from its auth service’s beyond the variants tried',
  ];
  const ordered =
    state.context.sameKeyVerifiedBy !== undefined
      ? [...candidates, 'its verifier reads another key than the one it signs with (rotation, a second key store)']
      : // The server's own words name a verifier that did not load: that candidate first.
        LOADING_FAILURE.test(state.reason?.text ?? '')
        ? [verifier, ...candidates]
        : [...candidates, verifier];
  return ordered.map((text) => `${text}${decidedBy(state, text)}`);
}

/** Which declared evidence of the backend would decide a candidate, or that it was read and said nothing. */
function decidedBy(state: LadderState, candidate: string): string {
  const { log, deployed } = state.config.evidence;
  const logs = log ? ' (its logs were read: no line named it)' : ' (TARGET_LOG_COMMAND / TARGET_LOG_FILE would tell)';
  if (candidate.startsWith('it wants another token type'))
    return deployed
      ? ' (its deployed settings were read: token_use agrees)'
      : ' (TARGET_CONFIG_* with token_use would tell)';
  if (candidate.startsWith('its claim policy'))
    return deployed ? ' (its deployed settings agree where mapped)' : ' (TARGET_CONFIG_* would tell)';
  return logs;
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
    // The harness's own minted token always verifies with its key: only a token from elsewhere is a witness. (The
    // login's own token, when it is the one refused, has the issued token's held key, which is read first.)
    const refusedFromElsewhere = refusal.tokenOrigin === 'given' || refusal.tokenOrigin === 'target';
    const holdsKey = facts.issuedHeldKey !== undefined || (refusedFromElsewhere && facts.refusedHeldKey !== undefined);
    // No-mint mode: the harness holds no key (its ephemeral key verifies nothing the login issued), so a refused login
    // token cannot be a key the harness got wrong. `issuedAccepted` is set by the issued-token step, which needs that token.
    const noKeyOwnRefused = config.jwt.mint === 'none' && facts.issuedAccepted === false;
    if (noKeyOwnRefused) {
      const open = [
        ...openCandidates(state),
        `it verifies with another key than its login signs with${config.evidence.log ? '' : ' (TARGET_LOG_COMMAND / TARGET_LOG_FILE would tell)'}`,
      ];
      return state.add(
        diagnosis(
          'AC_API_REFUSES_OWN_TOKENS',
          `the API refuses the token its own login just issued (the harness holds no key: no-mint mode)${said}; still open, in order: ${open.map((text, index) => `${index + 1}. ${text}`).join('; ')}`,
          { probes: state.probes.used, serverReason: reason ?? null, candidates: open },
        ),
      );
    }
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
