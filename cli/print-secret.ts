import { NO_MINT_SOURCE } from '../helpers/token/harness-key';
import type { SecretResolution } from '../helpers/secret/resolve-secret';

/** The chain as a table: which names are set, which won, fingerprints, warnings. Never a value. */
export function formatResolution(resolution: SecretResolution): string {
  if (resolution.source === NO_MINT_SOURCE)
    return 'secret: none — no-mint mode (asymmetric JWT_ALG, no SIGNING_KEY_CHAIN): the issuer signs; its token is the control';
  const width = Math.max(...resolution.entries.map((entry) => entry.source.length));
  const lines = resolution.entries.map((entry) =>
    `  ${entry.status === 'selected' ? '→' : ' '} ${entry.source.padEnd(width)}  ${entry.status.padEnd(12)} ${entry.fingerprint ?? ''}`.trimEnd(),
  );
  const warnings = resolution.warnings.map((warning) => `  ! ${warning.code}: ${warning.message}`);
  return [
    `secret: ${resolution.source} ${resolution.fingerprint} (${resolution.secret.byteLength} bytes)`,
    ...lines,
    ...(warnings.length ? ['warnings:', ...warnings] : []),
  ].join('\n');
}
