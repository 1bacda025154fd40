import { FORGED_KEY_CASE_IDS } from '../token/forged-key-cases';
import { isWeakSecretCase } from '../token/negative-cases';
import type { DiagnosisCode } from './catalogue';

/** The code for a negative case the target wrongly accepted: the forged-key cases name the verifier's flaw. */
export function acceptedNegativeCode(caseId: string): DiagnosisCode {
  if (caseId === 'no-credentials') return 'AC_MISSING_CREDENTIALS_ACCEPTED';
  if (caseId === 'no-exp') return 'AC_EXP_NOT_REQUIRED';
  if (isWeakSecretCase(caseId)) return 'AC_WEAK_SECRET_ACCEPTED';
  if (caseId === 'rs-hs-key-confusion') return 'AC_KEY_CONFUSION_ACCEPTED';
  if (caseId === 'other-audience-token') return 'AC_AUDIENCE_NOT_CHECKED';
  if ((FORGED_KEY_CASE_IDS as readonly string[]).includes(caseId)) return 'AC_FORGED_KEY_ACCEPTED';
  return 'AC_INVALID_TOKEN_ACCEPTED';
}
