/**
 * The cookie, browser and PWA faults, accepted by ../faults.ts with the others and described in
 * docs/reference-target-contract.md. They ride in config.faults; reference/app reads them with hasAppFault.
 */
export const APP_FAULTS = [
  'cookie-refresh-path',
  'cookie-samesite-lax',
  'cookie-samesite-none-insecure',
  'logout-wrong-path',
  'logout-keeps-storage',
  'sw-caches-auth',
  'apigw-headers-cookie-only',
  'cookie-oversized',
  'cookie-token-base64',
  'cookie-nameless-session',
  'cookie-host-prefix-lowercase',
  'cookie-partitioned-insecure',
] as const;

export type AppFault = (typeof APP_FAULTS)[number];

export function isAppFault(name: string): name is AppFault {
  return (APP_FAULTS as readonly string[]).includes(name);
}

export function hasAppFault(faults: ReadonlySet<string>, fault: AppFault): boolean {
  return faults.has(fault);
}
