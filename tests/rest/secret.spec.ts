import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { test } from '../fixtures';

test('the harness resolves the secret the backend reports (fingerprints compared, keys never shown)', async ({
  target,
  secrets,
  failWith,
  attach,
}) => {
  await attach('secret-resolution.json', {
    source: secrets.source,
    fingerprint: secrets.fingerprint,
    entries: secrets.entries,
    warnings: secrets.warnings,
  });
  const declared = target.secret.targetFingerprint;
  test.skip(!declared, 'TARGET_SECRET_FINGERPRINT not declared (the fingerprint the backend logs at start-up)');
  if (declared === secrets.fingerprint) return;
  const alsoSet = secrets.candidates.find((candidate) => candidate.fingerprint === declared);
  await failWith([
    diagnosis(
      'AC_SECRET_MISMATCH',
      `the backend reports ${declared}; the harness resolved ${secrets.source} (${secrets.fingerprint})${alsoSet ? `; ${alsoSet.source} holds the backend's key` : ''}`,
      {
        harness: { source: secrets.source, fingerprint: secrets.fingerprint },
        target: { fingerprint: declared },
        ...(alsoSet ? { matchingCandidate: alsoSet.source } : {}),
      },
    ),
  ]);
});
