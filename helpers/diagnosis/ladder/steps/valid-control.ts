import { diagnosis, type Diagnosis } from '../../diagnosis';
import { readTokenTimes } from '../../passive/token-times';
import { compareIssuedToken } from '../../passive/token-vs-config';
import type { LadderState } from '../ladder-state';
import type { LadderStep } from '../ladder-step';
import { CLAIM_CAUSES, claimDiagnosisFromReason, keyMismatch } from '../reason-diagnosis';

/** The harness's fresh token by header: is it the refused token, or everything? */
export const validControlStep: LadderStep = {
  name: 'valid control',
  needs: [],
  spends: 1,
  codes: [],
  async run(state) {
    const { key, clock } = state.context;
    state.facts.controlAccepted = await state.probes.mintAndSend('valid control (harness token, header)', {
      key,
      clock,
    });
  },
};

/** The control is accepted, so the refused token itself is at fault: its delivery, its claims, its times, its key. */
export const refusedTokenStep: LadderStep = {
  name: 'the refused token itself',
  needs: ['control-accepted'],
  spends: 1,
  codes: [
    'AC_COOKIE_IGNORED',
    'AC_ALG_DRIFT',
    'AC_ISSUER_DRIFT',
    'AC_AUDIENCE_DRIFT',
    'AC_CLOCK_SKEW',
    'AC_REQUIRED_CLAIM_MISSING',
    'AC_TOKEN_EXPIRED',
    'AC_SECRET_MISMATCH',
    'AC_SIGNING_KEY_MISMATCH',
  ],
  async run(state) {
    state.stop();
    const { refusal, probes, sent, config } = state;
    if (refusal.delivery === 'cookie' && sent) {
      const byHeader = await probes.send('same token by header', sent.raw, 'header');
      if (byHeader && probes.accepts(byHeader.status))
        state.add(
          diagnosis(
            'AC_COOKIE_IGNORED',
            `the token is accepted in Authorization but refused in cookie ${config.tokenCookie ?? ''}`,
            { byCookie: state.status, byHeader: byHeader.status },
          ),
        );
    }
    if (sent && state.issued?.raw === sent.raw)
      for (const drift of compareIssuedToken(sent.raw, config)) state.add(drift);
    if (state.found.length === 0) state.add(timeCause(state) ?? reasonCause(state));
  },
};

/**
 * The refused token's own times against the server's Date, decided on `exp`, `iat` and `nbf` alone: the server's
 * words, when it gave any, must be about time (or absent) for the clocks to be the cause.
 */
function timeCause(state: LadderState): Diagnosis | undefined {
  const { skew, sent, cause, config } = state;
  const payload = sent?.decoded?.payload;
  if (!skew || !payload || (cause !== undefined && cause !== 'expired' && cause !== 'not-yet-valid')) return undefined;
  const now = state.context.clock.now();
  const time = readTokenTimes(payload, { runnerMs: now, serverMs: now + skew.skewMs, leewayMs: config.jwt.leewayMs });
  if (time === undefined || time === 'expired') return undefined;
  const seconds = Math.round(skew.skewMs / 1000);
  const said = state.reason ? ` (server, ${state.reason.from}: "${state.reason.text}")` : '';
  const evidence = {
    skewSeconds: seconds,
    serverDate: skew.serverDate,
    exp: payload['exp'] ?? null,
    iat: payload['iat'] ?? null,
  };
  // Past exp by the server's clock only, by more than the Date's resolution: the server is always ahead here.
  if (time === 'expired-by-server-clock')
    return diagnosis(
      'AC_CLOCK_SKEW',
      `the token is still valid by the runner's clock but past its exp by the server's: the server's Date (${skew.serverDate}) is ${seconds} s ahead of the runner's${said}`,
      evidence,
    );
  return diagnosis(
    'AC_CLOCK_SKEW',
    `the token was issued after the server's time (iat/nbf later than its Date ${skew.serverDate}): the clock of whoever minted it is ahead of the server's${said}`,
    evidence,
  );
}

/** The server's reason for the refused token, when the harness's own token passes. */
function reasonCause(state: LadderState): Diagnosis | undefined {
  const { cause, reason, config, facts } = state;
  if (!cause || !reason) return undefined;
  if (CLAIM_CAUSES.has(cause)) return claimDiagnosisFromReason(cause, reason, config);
  const said = `(server, ${reason.from}: "${reason.text}")`;
  if (cause === 'expired')
    return diagnosis('AC_TOKEN_EXPIRED', `the server calls the token expired ${said}`, { serverReason: reason });
  if (cause === 'not-yet-valid')
    return diagnosis(
      'AC_CLOCK_SKEW',
      `the server calls the token not yet valid ${said} while the harness's fresh token passes: the clock of whoever minted it is ahead`,
      { serverReason: reason, confirmedByProbe: true },
    );
  if (facts.refusedHeldKey) return undefined;
  return keyMismatch(config, `the token is signed with a key the harness does not hold ${said}`, {
    serverReason: reason,
  });
}

/** Delivery: a valid token refused by header, accepted by cookie? */
export const cookieControlStep: LadderStep = {
  name: 'valid control by cookie',
  needs: ['control-refused', 'token-cookie', 'spare-budget'],
  spends: 1,
  codes: ['AC_HEADER_IGNORED'],
  async run(state) {
    const { key, clock } = state.context;
    if (!(await state.probes.mintAndSend('valid control by cookie', { key, clock }, {}, 'cookie'))) return;
    state.add(
      diagnosis(
        'AC_HEADER_IGNORED',
        `a valid token is refused in Authorization but accepted in cookie ${state.config.tokenCookie ?? ''}`,
        { byHeader: state.status },
      ),
    );
    state.stop();
  },
};
