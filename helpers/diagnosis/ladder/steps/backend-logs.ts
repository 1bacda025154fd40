import { readBackendLog } from '../../../evidence/backend-log';
import { scrubberFor } from '../../../redact/sensitive-values';
import type { LadderStep } from '../ladder-step';
import { diagnosisFromLog } from '../log-diagnosis';

declare module '../ladder-state' {
  interface LadderFacts {
    /** backend-logs: the backend's own line naming a cause for this request (scrubbed), and where it came from. */
    backendLog?: { line: string; from: string; cause: string } | undefined;
  }
}

/**
 * The API's own logs for the refused request (TARGET_LOG_COMMAND / TARGET_LOG_FILE), found by its X-Request-Id /
 * traceparent or its time window, read before any probe is spent: the backend's word on this very request decides
 * what a bare 401 hides. A source that fails, hangs or floods is a note; time causes stay notes for the clock step.
 */
export const backendLogsStep: LadderStep = {
  name: "the API's logs",
  needs: ['refusal', 'backend-logs'],
  spends: 0,
  codes: [
    'AC_AUTH_LIBRARY_NOT_LOADED',
    'AC_BACKEND_SAW_NO_TOKEN',
    'AC_API_WANTS_OTHER_TOKEN_TYPE',
    'AC_AUDIENCE_DRIFT',
    'AC_ISSUER_DRIFT',
    'AC_ISSUER_SPELLING_DRIFT',
    'AC_ALG_DRIFT',
    'AC_REQUIRED_CLAIM_MISSING',
    'AC_SECRET_MISMATCH',
    'AC_SIGNING_KEY_MISMATCH',
    'AC_KID_NOT_IN_API_JWKS',
  ],
  async run(state) {
    const { config, context, refusal } = state;
    const log = config.evidence.log;
    if (!log) return;
    const marker = refusal.exchange.record.marker;
    const evidence = await readBackendLog(
      log,
      {
        marker,
        sentAtMs: marker?.sentAtMs ?? context.clock.now(),
        durationMs: refusal.exchange.durationMs,
      },
      { scrubber: scrubberFor(config, context.resolution), env: context.variables ?? {} },
    );
    state.evidence['backendLog'] = {
      source: evidence.source,
      window: evidence.window,
      requestId: evidence.requestId ?? null,
      selectedBy: evidence.selectedBy,
      lines: evidence.lines.slice(-20),
      truncated: evidence.truncated,
      cause: evidence.cause ?? null,
    };
    if (evidence.failure) {
      state.notes.push(`the API's logs could not be read: ${evidence.failure}`);
      return;
    }
    if (!evidence.cause) {
      state.notes.push(
        `the API's logs (${evidence.source}) hold ${evidence.lines.length} line(s) for this request, none naming a cause`,
      );
      return;
    }
    state.facts.backendLog = { line: evidence.cause.line, from: evidence.source, cause: evidence.cause.cause };
    const found = diagnosisFromLog(evidence, config, {
      // A check that put the token in the token cookie itself says so; otherwise the client sent it as declared.
      transport: refusal.delivery === 'cookie' ? { mode: 'cookie', cookie: config.tokenCookie } : config.tokenTransport,
      issuer: state.sent?.decoded?.payload['iss'],
    });
    if (!found) {
      state.notes.push(
        `the API's log says "${evidence.cause.line}" (${evidence.source}): a time cause, left to the probes`,
      );
      return;
    }
    state.add(found);
    state.stop();
  },
};
