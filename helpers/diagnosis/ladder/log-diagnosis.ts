import type { TargetConfig } from '../../env/target-config';
import { describeTransport, type TokenTransport } from '../../http/token-transport';
import type { BackendLogEvidence } from '../../evidence/backend-log';
import { diagnosis, type Diagnosis } from '../diagnosis';
import { issuerSpellingDrift } from './issuer-spelling';
import { claimDiagnosisFromReason, keyMismatch } from './reason-diagnosis';

/**
 * The diagnosis the backend's own log line supports. The line is the backend's word about this request (found by
 * its marker or its time window), so it decides causes the response hid; time causes still need a probe (the
 * clock step) and stay notes.
 */
export function diagnosisFromLog(
  log: BackendLogEvidence,
  config: TargetConfig,
  /**
   * Where the token went (the declared TOKEN_TRANSPORT, or the token cookie), and its iss claim (to tell a spelling of
   * the same issuer from another one).
   */
  sent: { transport: TokenTransport; issuer?: unknown },
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
        `the harness sent the token by ${describeTransport(sent.transport)}, but the backend says it received none ${said}`,
        { ...evidence, delivery: sent.transport.mode },
      );
    case 'token-type':
      return diagnosis(
        'AC_API_WANTS_OTHER_TOKEN_TYPE',
        `the backend refuses the token's type or token use ${said}`,
        evidence,
      );
    case 'issuer': {
      // The line names the issuer the API expects: the token's own iss spelled differently is the same provider.
      const spelled = issuerSpellingDrift(sent.issuer, found.line, evidence);
      if (spelled) return { ...spelled, summary: `${spelled.summary} ${said}` };
      return claimFromLog(found.cause, found.line, log.source, config, evidence);
    }
    case 'audience':
    case 'algorithm':
    case 'required-claim':
      return claimFromLog(found.cause, found.line, log.source, config, evidence);
    case 'unknown-key':
      // A provider-issued token whose kid the API cannot find: it reads another pool's keys, or a stale copy.
      if (config.oauth)
        return diagnosis(
          'AC_KID_NOT_IN_API_JWKS',
          `the API cannot find the token's signing key ${said}: it reads another pool's or tenant's key set, or a copy from before a key rotation`,
          evidence,
        );
      return keyMismatch(config, `the backend's verifier refuses the token's signature or key ${said}`, evidence);
    case 'signature':
      return keyMismatch(config, `the backend's verifier refuses the token's signature or key ${said}`, evidence);
    default:
      return undefined;
  }
}

function claimFromLog(
  cause: 'audience' | 'issuer' | 'algorithm' | 'required-claim',
  line: string,
  source: string,
  config: TargetConfig,
  evidence: Record<string, unknown>,
): Diagnosis | undefined {
  const found = claimDiagnosisFromReason(cause, { text: line, from: `backend log, ${source}` }, config);
  return found ? { ...found, evidence: { ...found.evidence, ...evidence } } : undefined;
}
