import { ConfigError } from './config-error';
import { APP_FAULTS, isAppFault } from './app/app-faults';
import { isWsFault, WS_FAULTS } from './ws/ws-faults';

/**
 * The incidents the reference target can reproduce, switched on by `REFERENCE_FAULTS` (comma-separated).
 * The behaviour of each is described in docs/reference-target-contract.md.
 */
export const FAULTS = [
  'api-generic-secret-only',
  'api-raw-json-secret',
  'invalid-token-500',
  'jwt-lib-missing',
  'jwt-lib-missing-401',
  'audience-drift',
  'issuer-drift',
  'alg-rs256',
  'clock-skew',
  'leeway-zero',
  'fallback-secret',
  'cookie-ignored',
  'header-ignored',
  'secret-base64-decoded',
  'signup-open',
  'api-requires-token-type',
  'audience-drift-opaque',
  'date-lag',
  // Session faults: each turns off one protection of the healthy target (docs/reference-target-contract.md).
  'logout-not-revoking',
  'refresh-as-access',
  'session-not-rotated',
  'csrf-unprotected',
  'refresh-reuse-accepted',
  'fallback-secret-beside',
] as const;

export type Fault = (typeof FAULTS)[number];

export function isFault(name: string): name is Fault {
  return (FAULTS as readonly string[]).includes(name);
}

/** Parses a comma-separated list of fault names; blanks are ignored, an unknown name is a ConfigError. */
export function parseFaults(value: string | undefined): ReadonlySet<Fault> {
  const faults = new Set<Fault>();
  for (const entry of (value ?? '').split(',')) {
    const name = entry.trim();
    if (name === '') continue;
    if (!isFault(name) && !isWsFault(name) && !isAppFault(name)) {
      throw new ConfigError(
        `REFERENCE_FAULTS: unknown fault "${name}" (known: ${[...FAULTS, ...WS_FAULTS, ...APP_FAULTS].join(', ')})`,
      );
    }
    faults.add(name as Fault); // WebSocket faults ride along; reference/ws reads them with hasWsFault
  }
  return faults;
}
