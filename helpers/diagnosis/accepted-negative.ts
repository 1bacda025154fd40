import { FORGED_KEY_CASE_IDS } from '../token/forged-key-cases';
import { isWeakSecretCase } from '../token/negative-cases';
import type { DiagnosisCode } from './catalogue';

/**
 * The code for a negative case the target accepted: the forged-key cases name the verifier's flaw; a validly signed
 * token only a key holder can craft (oversized, an unknown crit) is a hardening warning, not an invalid token accepted.
 */
export function acceptedNegativeCode(caseId: string): DiagnosisCode {
  if (caseId === 'oversized') return 'AC_OVERSIZED_TOKEN_ACCEPTED';
  if (caseId === 'unknown-crit') return 'AC_UNKNOWN_CRIT_ACCEPTED';
  if (caseId === 'no-credentials') return 'AC_MISSING_CREDENTIALS_ACCEPTED';
  if (caseId === 'no-exp') return 'AC_EXP_NOT_REQUIRED';
  if (isWeakSecretCase(caseId)) return 'AC_WEAK_SECRET_ACCEPTED';
  if (caseId === 'rs-hs-key-confusion') return 'AC_KEY_CONFUSION_ACCEPTED';
  if (caseId === 'other-audience-token') return 'AC_AUDIENCE_NOT_CHECKED';
  if ((FORGED_KEY_CASE_IDS as readonly string[]).includes(caseId)) return 'AC_FORGED_KEY_ACCEPTED';
  return 'AC_INVALID_TOKEN_ACCEPTED';
}
