import type { SecretResolution } from '../../secret/resolve-secret';
import { Secret } from '../../secret/secret';
import { WEAK_SECRETS } from '../../secret/weak-secrets';
import type { DiagnosisCode } from '../catalogue';

/** A key the backend might really be using, and what it would mean if it accepts it. */
export interface KeyHypothesis {
  readonly secret: Secret;
  readonly meaning: DiagnosisCode;
  readonly label: string;
}

/**
 * The keys worth trying when the backend refuses the harness's key, most likely first:
 * other chain candidates (seed 002), the JSON document used whole (seed 001), the other encoding (seed 000),
 * then well-known fallbacks (seeds 003/004).
 */
export function keyHypotheses(resolution: SecretResolution): KeyHypothesis[] {
  const seen = new Set([resolution.fingerprint]);
  const out: KeyHypothesis[] = [];
  const add = (secret: Secret, meaning: DiagnosisCode, label: string) => {
    if (seen.has(secret.fingerprint)) return;
    seen.add(secret.fingerprint);
    out.push({ secret, meaning, label });
  };
  for (const candidate of resolution.candidates.slice(1))
    add(candidate, 'AC_SERVICES_SECRET_DISAGREE', `chain candidate ${candidate.source}`);

  const stored = new TextDecoder().decode(resolution.stored.reveal());
  if (/^\s*\{/.test(stored))
    add(
      new Secret(resolution.stored.reveal(), `${resolution.source} (whole JSON document)`),
      'AC_JSON_SECRET_AS_KEY',
      'the whole JSON document as key',
    );
  const text = new TextDecoder().decode(resolution.secret.reveal());
  if (/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(text.trim())) {
    add(
      new Secret(
        Buffer.from(text.trim().replace(/-/g, '+').replace(/_/g, '/'), 'base64'),
        `${resolution.source} (base64-decoded)`,
      ),
      'AC_SECRET_ENCODING_MISMATCH',
      'the base64-decoded secret',
    );
  }
  if (resolution.stored.fingerprint !== resolution.fingerprint && !/^\s*\{/.test(stored)) {
    add(
      new Secret(resolution.stored.reveal(), `${resolution.source} (undecoded text)`),
      'AC_SECRET_ENCODING_MISMATCH',
      'the secret text without decoding',
    );
  }
  for (const weak of WEAK_SECRETS)
    add(
      new Secret(new TextEncoder().encode(weak), `well-known secret "${weak}"`),
      'AC_WEAK_SECRET_ACCEPTED',
      `the well-known secret "${weak}"`,
    );
  return out;
}
