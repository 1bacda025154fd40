import type { WsAuthMode, WsConfig } from '../../env/ws-config';
import { statusClass } from '../../http/status-verdict';
import type { WsAttempt } from '../../ws/attempt';
import { describeOutcome, refusalLabel, type WsOutcome } from '../../ws/classify';
import { diagnosis, type Diagnosis } from '../diagnosis';

/**
 * The WebSocket verdicts: attempts (helpers/ws connects and classifies) turned into diagnoses (empty = as the env
 * declares). Pure: the specs connect, these decide. Evidence holds outcomes and redacted transcripts, never a token.
 */

function evidenceOf(attempt: WsAttempt, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, outcome: describeOutcome(attempt.outcome), transcript: attempt.session.transcript };
}

/** A valid token on a declared mode: accepted, and the welcome names the expected user. */
export function judgeControl(
  config: WsConfig,
  attempt: WsAttempt,
  expectedUser: string,
  mode: WsAuthMode,
): Diagnosis[] {
  const { outcome } = attempt;
  const label = `valid token via ${mode}`;
  if (outcome.kind === 'infra')
    return [diagnosis('AC_WS_INFRA', `${label}: ${outcome.detail}`, evidenceOf(attempt, { mode }))];
  if (outcome.kind === 'unexpected') {
    const code =
      attempt.session.transcript.upgradeStatus !== undefined ? 'AC_WS_ENDPOINT_MISCONFIGURED' : 'AC_WS_INFRA';
    return [diagnosis(code, `${label}: ${outcome.detail}`, evidenceOf(attempt, { mode }))];
  }
  if (outcome.kind !== 'accepted')
    return [
      diagnosis('AC_WS_VALID_TOKEN_REFUSED', `${label}: ${describeOutcome(outcome)}`, evidenceOf(attempt, { mode })),
    ];
  if (attempt.welcome === undefined) {
    return [
      diagnosis(
        'AC_WS_NO_WELCOME',
        `${label}: connected but no "${config.welcomeType}" message within ${config.timeoutMs} ms`,
        evidenceOf(attempt, { mode }),
      ),
    ];
  }
  if (attempt.user !== expectedUser) {
    return [
      diagnosis(
        'AC_WS_WELCOME_WRONG_USER',
        `${label}: welcome names ${JSON.stringify(attempt.user ?? null)} in ${config.welcomeField}, expected ${JSON.stringify(expectedUser)}`,
        evidenceOf(attempt, { mode, expectedUser }),
      ),
    ];
  }
  return [];
}

/**
 * A refused control is explained by REST: the same token accepted there (AC_WS_REST_DISAGREE), accepted by the
 * WebSocket in another mode (AC_WS_MODE_IGNORED), or refused everywhere (AC_WS_VALID_TOKEN_REFUSED, a drift REST explains).
 */
export function explainRefusedControl(
  found: Diagnosis[],
  context: {
    mode: WsAuthMode;
    restStatus: number | undefined;
    restRoute: string | undefined;
    acceptedModes: readonly WsAuthMode[];
  },
): Diagnosis[] {
  return found.map((entry) => {
    if (entry.code !== 'AC_WS_VALID_TOKEN_REFUSED') return entry;
    const evidence = {
      ...entry.evidence,
      restRoute: context.restRoute,
      restStatus: context.restStatus,
      acceptedModes: context.acceptedModes,
    };
    const otherModes = context.acceptedModes.filter((mode) => mode !== context.mode);
    if (otherModes.length > 0)
      return diagnosis(
        'AC_WS_MODE_IGNORED',
        `${entry.summary}, while the same token is accepted via ${otherModes.join(', ')}`,
        evidence,
      );
    if (context.restStatus !== undefined && statusClass(context.restStatus) === 'accepted') {
      return diagnosis(
        'AC_WS_REST_DISAGREE',
        `${entry.summary}, while ${context.restRoute} accepts the same token (${context.restStatus})`,
        evidence,
      );
    }
    return diagnosis(
      entry.code,
      `${entry.summary}; REST ${context.restRoute ?? '(no control route)'} answered ${context.restStatus ?? 'nothing'} too`,
      evidence,
    );
  });
}

/** The reverse cross-check: WebSocket accepts a token that REST refuses. */
export function judgeRestAgreement(
  wsAccepted: boolean,
  restStatus: number,
  restRoute: string,
  mode: WsAuthMode,
  wsOutcome?: WsOutcome,
): Diagnosis[] {
  // A side that could not answer (network, 5xx, 429, close 1006/1011…) is infrastructure, not a disagreement.
  if (wsOutcome?.kind === 'infra')
    return [
      diagnosis('AC_WS_INFRA', `the WebSocket (${mode}) could not be judged: ${wsOutcome.detail}`, {
        mode,
        restStatus,
      }),
    ];
  // A REST side that did not judge the token (a redirect, a gateway, a 5xx) leaves nothing to compare with.
  const restKind = statusClass(restStatus);
  if (restKind === 'redirect' || restKind === 'gateway' || restKind === 'server-error')
    return [
      diagnosis(
        restKind === 'redirect' ? 'AC_INFRA_REDIRECT' : restStatus === 429 ? 'AC_INFRA_RATE_LIMITED' : 'AC_INFRA_5XX',
        `${restRoute} answered ${restStatus}: REST could not be judged, no cross-check is possible`,
        { mode, restRoute, restStatus },
      ),
    ];
  const restAccepted = statusClass(restStatus) === 'accepted';
  if (wsAccepted === restAccepted) return [];
  return [
    diagnosis(
      'AC_WS_REST_DISAGREE',
      wsAccepted
        ? `the WebSocket (${mode}) accepts a token that ${restRoute} refuses (${restStatus})`
        : `${restRoute} accepts a token (${restStatus}) that the WebSocket (${mode}) refuses`,
      { mode, restRoute, restStatus, wsAccepted },
    ),
  ];
}

/** A case a correct server refuses: refused the declared way, with no application frame first. */
export function judgeRefusal(
  attempt: WsAttempt,
  expected: string,
  caseTitle: string,
  /** The valid control on the same mode was accepted just before (the caller skips the case otherwise). */
  options: { controlAccepted?: boolean } = {},
): Diagnosis[] {
  const { outcome } = attempt;
  const evidence = evidenceOf(attempt, { case: caseTitle, expected, applicationFrames: attempt.applicationFrames });
  if (outcome.kind === 'accepted' || attempt.welcome !== undefined) {
    const who = attempt.welcome === undefined ? 'left open' : `welcome names ${JSON.stringify(attempt.user ?? null)}`;
    return [
      diagnosis(
        'AC_WS_UNAUTHENTICATED_ACCEPTED',
        `${caseTitle}: accepted (${who}), must be refused (${expected})`,
        evidence,
      ),
    ];
  }
  // Network error, upgrade 5xx/429 or close 1001/1006/1011/1012/1013: the server did not judge the credentials.
  // A close 1011 (internal error) on bad credentials while the valid control is accepted is the handler crashing on
  // them, an auth-handling defect (like a 500 on an invalid token, design notes §5); anything else is infrastructure.
  const crashOnBadCredentials = options.controlAccepted === true && attempt.session.transcript.close?.code === 1011;
  if (outcome.kind === 'infra' && attempt.applicationFrames === 0 && !crashOnBadCredentials)
    return [diagnosis('AC_WS_INFRA', `${caseTitle}: ${outcome.detail}: infrastructure, not a refusal`, evidence)];
  const found: Diagnosis[] = [];
  if (attempt.applicationFrames > 0) {
    found.push(
      diagnosis(
        'AC_WS_FRAME_BEFORE_REFUSAL',
        `${caseTitle}: ${attempt.applicationFrames} application frame(s) before the refusal`,
        evidence,
      ),
    );
  }
  const actual = refusalLabel(outcome);
  if (actual === undefined) {
    found.push(
      diagnosis(
        'AC_WS_BAD_REFUSAL_CODE',
        `${caseTitle}: ${describeOutcome(outcome)} instead of ${expected} (a policy refusal)`,
        evidence,
      ),
    );
  } else if (actual !== expected) {
    found.push(
      diagnosis(
        'AC_WS_REFUSAL_MISMATCH',
        `${caseTitle}: refused with ${actual}, the env declares ${expected}`,
        evidence,
      ),
    );
  }
  return found;
}

/** The refusal expected for bad credentials in a mode (first-message auth has its own). */
export function expectedRefusal(config: WsConfig, mode: WsAuthMode | 'none'): string {
  if (mode === 'message') return config.messageRefusal;
  if (mode === 'none' && config.modes.includes('message')) return config.messageRefusal;
  return config.refusal;
}

/** A valid cookie from a foreign Origin: any auth refusal will do (403 is the usual one). */
export function judgeForeignOrigin(attempt: WsAttempt, foreignOrigin: string): Diagnosis[] {
  if (refusalLabel(attempt.outcome) !== undefined && attempt.applicationFrames === 0) return [];
  if (attempt.outcome.kind === 'accepted' || attempt.welcome !== undefined) {
    return [
      diagnosis(
        'AC_WS_ORIGIN_NOT_CHECKED',
        `a valid cookie from Origin ${foreignOrigin} was accepted (welcome names ${JSON.stringify(attempt.user ?? null)})`,
        evidenceOf(attempt, { foreignOrigin }),
      ),
    ];
  }
  return judgeRefusal(attempt, 'http-403', `valid cookie from Origin ${foreignOrigin}`);
}

/** The expiry close must come by exp + leeway + grace, with a policy code. */
export function judgeExpiry(
  attempt: WsAttempt,
  close: { code: number; reason: string } | undefined,
  timing: { expMs: number; leewayMs: number; graceMs: number; closedAtMs: number | undefined },
): Diagnosis[] {
  const evidence = evidenceOf(attempt, {
    exp: new Date(timing.expMs).toISOString(),
    leewayMs: timing.leewayMs,
    graceMs: timing.graceMs,
    closedAt: timing.closedAtMs === undefined ? null : new Date(timing.closedAtMs).toISOString(),
  });
  if (close === undefined) {
    return [
      diagnosis(
        'AC_WS_EXPIRY_NOT_ENFORCED',
        `still open ${Math.round((timing.leewayMs + timing.graceMs) / 1000)} s after the token expired (exp + leeway + grace)`,
        evidence,
      ),
    ];
  }
  const closed = attempt.session.outcome();
  if (closed.kind === 'infra')
    return [diagnosis('AC_WS_INFRA', `closed around expiry by infrastructure: ${closed.detail}`, evidence)];
  if (refusalLabel(closed) === undefined) {
    return [
      diagnosis(
        'AC_WS_BAD_REFUSAL_CODE',
        `closed at expiry with ${close.code} ${close.reason}, not a policy code (1008/4401/4403)`,
        evidence,
      ),
    ];
  }
  return [];
}

/** The observer must never see the nonce another user sent on their own connection. */
export function judgeIsolation(
  observer: WsAttempt,
  nonce: string,
  users: { sender: string; observer: string },
): Diagnosis[] {
  const leaked = observer.session.messages.filter((message) => message.text.includes(nonce));
  if (leaked.length === 0) return [];
  return [
    diagnosis(
      'AC_WS_ISOLATION_BROKEN',
      `${users.observer}'s connection received ${leaked.length} message(s) that ${users.sender} sent on their own connection`,
      {
        sender: users.sender,
        observer: users.observer,
        transcript: observer.session.transcript,
      },
    ),
  ];
}
