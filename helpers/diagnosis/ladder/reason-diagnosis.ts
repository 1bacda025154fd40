import type { TargetConfig } from '../../env/target-config';
import { isHmacAlg } from '../../token/signing-key';
import { diagnosis, type Diagnosis } from '../diagnosis';
import { causeFromReason, claimNamedIn, type ReasonCause, type ServerReason } from '../passive/server-reason';

/**
 * Wrappers that name no cause although they contain a cause's words: simplejwt's "Given token not valid for any token
 * type" wraps every refusal (its cause is in `messages[].message`).
 */
const WRAPPERS = /not valid for any token type/i;

/** The cause a server's reason names, wrappers excluded. */
export function ladderCause(text: string | undefined): ReasonCause | undefined {
  return text === undefined || WRAPPERS.test(text) ? undefined : causeFromReason(text);
}

/** Causes a server's reason names about the token's claims or algorithm: the key is not in question. */
export const CLAIM_CAUSES: ReadonlySet<ReasonCause> = new Set([
  'audience',
  'issuer',
  'algorithm',
  'required-claim',
  'token-type',
]);

/**
 * The diagnosis a server's reason supports on its own (no probe confirmed it). Time causes and key causes are not
 * decided here: a time reason needs a probe (clock-step), a key reason needs the key witness (the ladder). Undefined
 * for those, and for a reason that names no cause.
 */
export function claimDiagnosisFromReason(
  cause: ReasonCause | undefined,
  reason: ServerReason,
  config: TargetConfig,
): Diagnosis | undefined {
  const said = `(server, ${reason.from}: "${reason.text}")`;
  const evidence = { serverReason: reason };
  const named = claimNamedIn(reason.text);
  const effective =
    cause === 'required-claim' && named === 'aud'
      ? 'audience'
      : cause === 'required-claim' && named === 'iss'
        ? 'issuer'
        : cause;
  switch (effective) {
    case 'audience':
      return diagnosis(
        'AC_AUDIENCE_DRIFT',
        `the server refuses the token's audience ${said}; declared JWT_AUDIENCE=${JSON.stringify(config.jwt.audience)}`,
        evidence,
      );
    case 'issuer':
      return diagnosis(
        'AC_ISSUER_DRIFT',
        `the server refuses the token's issuer ${said}; declared JWT_ISSUER=${JSON.stringify(config.jwt.issuer)}`,
        evidence,
      );
    case 'algorithm':
      return diagnosis(
        'AC_ALG_DRIFT',
        `the server refuses the token's algorithm ${said}; declared JWT_ALG=${config.jwt.alg}`,
        evidence,
      );
    case 'required-claim':
    case 'token-type':
      return diagnosis(
        'AC_REQUIRED_CLAIM_MISSING',
        `the server wants a claim the harness does not send${named ? ` (${named})` : effective === 'token-type' ? ' (a token type)' : ''} ${said}`,
        { ...evidence, claim: named ?? (effective === 'token-type' ? 'token type' : null) },
      );
    default:
      return undefined;
  }
}

/** "No key the harness holds is accepted", in the words that fit the algorithm (no JWT_SECRET_… advice for RS/ES/PS/EdDSA). */
export function keyMismatch(config: TargetConfig, summary: string, evidence: Record<string, unknown>): Diagnosis {
  return isHmacAlg(config.jwt.alg)
    ? diagnosis('AC_SECRET_MISMATCH', summary, evidence)
    : diagnosis('AC_SIGNING_KEY_MISMATCH', summary.replace(/secret/g, 'signing key'), evidence);
}
