import type { TargetConfig } from '../../env/target-config';
import type { BackendLogEvidence } from '../../evidence/backend-log';
import { diagnosis, type Diagnosis } from '../diagnosis';
import { claimDiagnosisFromReason, keyMismatch } from './reason-diagnosis';

/**
 * The diagnosis the backend's own log line supports. The line is the backend's word about this request (found by
 * its marker or its time window), so it decides causes the response hid; time causes still need a probe (the
 * clock step) and stay notes.
 */
export function diagnosisFromLog(
  log: BackendLogEvidence,
  config: TargetConfig,
  sent: { delivery: 'header' | 'cookie' | 'both' },
): Diagnosis | undefined {
  const found = log.cause;
  if (!found) return undefined;
  const said = `(backend log, ${log.source}: "${found.line}")`;
  const evidence = { backendLog: { line: found.line, source: log.source, requestId: log.requestId ?? null } };
  switch (found.cause) {
    case 'library-not-loaded':
      return diagnosis(
        'AC_AUTH_LIBRARY_NOT_LOADED',
        `the backend could not load its JWT library or handler ${said}: every token is refused whatever it holds`,
        evidence,
      );
    case 'credential-not-received':
      return diagnosis(
        'AC_BACKEND_SAW_NO_TOKEN',
        `the harness sent the token by ${sent.delivery === 'cookie' ? `cookie ${config.tokenCookie ?? ''}` : sent.delivery === 'both' ? 'header and cookie' : 'Authorization header'}, but the backend says it received none ${said}`,
        { ...evidence, delivery: sent.delivery },
      );
    case 'token-type':
      return diagnosis(
        'AC_API_WANTS_OTHER_TOKEN_TYPE',
        `the backend refuses the token's type or token use ${said}`,
        evidence,
      );
    case 'audience':
    case 'issuer':
    case 'algorithm':
    case 'required-claim': {
      const found2 = claimDiagnosisFromReason(
        found.cause,
        { text: found.line, from: `backend log, ${log.source}` },
        config,
      );
      return found2 ? { ...found2, evidence: { ...found2.evidence, ...evidence } } : undefined;
    }
    case 'signature':
    case 'unknown-key':
      return keyMismatch(config, `the backend's verifier refuses the token's signature or key ${said}`, evidence);
    default:
      return undefined;
  }
}
