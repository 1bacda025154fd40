import type { Clock } from '../../clock/clock';
import type { TargetConfig } from '../../env/target-config';
import type { SecretResolution } from '../../secret/resolve-secret';
import { hmacKey, type HmacAlg } from '../../token/signing-key';
import { diagnosis, type Diagnosis } from '../diagnosis';
import { harnessParts } from '../probes/claim-diff';
import type { ProbeRunner } from '../probes/probe-runner';
import type { KeyHypothesis } from '../probes/secret-variants';

export interface KeyWitness {
  /** The target's issued token verifies with the harness's key (its auth service signs with it). */
  readonly issuedVerifiesWithHarnessKey: boolean | undefined;
  /** The API accepted the target's issued token. */
  readonly issuedAccepted: boolean;
}

/**
 * Mints the harness's token with each hypothesis's key, in order, until one is accepted; says what that key means.
 * The empty key is signed with node:crypto (WebCrypto refuses a zero-length HMAC key; backends built on node do not).
 */
export async function tryKeys(
  probes: ProbeRunner,
  hypotheses: readonly KeyHypothesis[],
  input: {
    config: TargetConfig;
    resolution: SecretResolution;
    alg: HmacAlg;
    clock: Clock;
    witness: KeyWitness;
  },
): Promise<Diagnosis | undefined> {
  const { config, resolution, alg, clock, witness } = input;
  for (const hypothesis of hypotheses) {
    if (probes.exhausted) break;
    const parts = harnessParts(config, clock, alg);
    const label = `signed with ${hypothesis.label}`;
    let accepted: boolean;
    if (hypothesis.secret.byteLength === 0) {
      accepted = await probes.signAndSend(label, parts.header, parts.payload, { raw: hypothesis.secret, alg });
    } else {
      const key = await hmacKey(hypothesis.secret, alg).catch(() => undefined);
      if (!key) continue;
      accepted = await probes.signAndSend(label, parts.header, parts.payload, key);
    }
    if (!accepted) continue;
    const acceptedKey = { source: hypothesis.secret.source, fingerprint: hypothesis.secret.fingerprint };
    switch (hypothesis.meaning) {
      case 'AC_SERVICES_SECRET_DISAGREE':
        if (!witness.issuedVerifiesWithHarnessKey && !witness.issuedAccepted)
          return diagnosis(
            'AC_SECRET_MISMATCH',
            `the API accepts ${hypothesis.secret.source} (${hypothesis.secret.fingerprint}); the harness resolved ${resolution.source} (${resolution.fingerprint})`,
            { acceptedKey },
          );
        return diagnosis(
          'AC_SERVICES_SECRET_DISAGREE',
          `the auth service signs with ${resolution.source} (${resolution.fingerprint}) but the API validates with ${hypothesis.secret.source} (${hypothesis.secret.fingerprint})`,
          { acceptedKey, issuedTokenVerifiesWithHarnessSecret: witness.issuedVerifiesWithHarnessKey ?? null },
        );
      case 'AC_JSON_SECRET_AS_KEY':
        return diagnosis(
          'AC_JSON_SECRET_AS_KEY',
          `the API accepts tokens signed with the whole JSON document of ${resolution.source}, not its field`,
          { acceptedKey },
        );
      case 'AC_SECRET_ENCODING_MISMATCH':
        return diagnosis(
          'AC_SECRET_ENCODING_MISMATCH',
          `the API accepts ${hypothesis.label} (${hypothesis.secret.fingerprint}); the harness declares SECRET_ENCODING=${config.secret.encoding}`,
          { acceptedKey },
        );
      default:
        return diagnosis(
          'AC_WEAK_SECRET_ACCEPTED',
          `the API accepts tokens signed with ${hypothesis.label}: it runs on a built-in fallback or empty key`,
          { acceptedKey: hypothesis.secret.source },
        );
    }
  }
  return undefined;
}
