import { judgeSecretFingerprint } from '../../helpers/diagnosis/verdicts/secret-fingerprint';
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
  const found = judgeSecretFingerprint(declared!, secrets);
  if (found) await failWith([found]);
});
