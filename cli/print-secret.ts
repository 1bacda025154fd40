import type { SecretResolution } from '../helpers/secret/resolve-secret';

/** The chain as a table: which names are set, which won, fingerprints, warnings. Never a value. */
export function formatResolution(resolution: SecretResolution): string {
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
