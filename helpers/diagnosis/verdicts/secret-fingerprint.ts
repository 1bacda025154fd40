import type { SecretResolution } from '../../secret/resolve-secret';
import { diagnosis, type Diagnosis } from '../diagnosis';

/**
 * The fingerprint the backend reports (TARGET_SECRET_FINGERPRINT) against the harness's resolution: a mismatch names
 * the candidate of the chain that holds the backend's key, when one does. Undefined when they agree.
 */
export function judgeSecretFingerprint(
  declared: string,
  secrets: Pick<SecretResolution, 'source' | 'fingerprint' | 'candidates'>,
): Diagnosis | undefined {
  if (declared === secrets.fingerprint) return undefined;
  const alsoSet = secrets.candidates.find((candidate) => candidate.fingerprint === declared);
  return diagnosis(
    'AC_SECRET_MISMATCH',
    `the backend reports ${declared}; the harness resolved ${secrets.source} (${secrets.fingerprint})${alsoSet ? `; ${alsoSet.source} holds the backend's key` : ''}`,
    {
      harness: { source: secrets.source, fingerprint: secrets.fingerprint },
      target: { fingerprint: declared },
      ...(alsoSet ? { matchingCandidate: alsoSet.source } : {}),
    },
  );
}
