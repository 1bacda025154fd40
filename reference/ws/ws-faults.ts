/** The WebSocket faults (listed in ../faults.ts with the others, described in docs/reference-target-contract.md). */
export const WS_FAULTS = [
  'ws-unauthenticated-fallback',
  'ws-generic-secret-only',
  'ws-no-origin-check',
  'ws-no-expiry-close',
  'ws-broadcast-leak',
  'ws-bad-close-code',
] as const;

export type WsFault = (typeof WS_FAULTS)[number];

export function hasWsFault(config: { faults: ReadonlySet<string> }, fault: WsFault): boolean {
  return config.faults.has(fault);
}

export function isWsFault(name: string): name is WsFault {
  return (WS_FAULTS as readonly string[]).includes(name);
}
