/**
 * The two third-party-cookie worlds a harness must report: Debian Chromium under Playwright blocks
 * every third-party cookie by default (reason UserPreferences), and Chrome is moving the same way; a profile whose
 * Default/Preferences says cookie_controls_mode 0 allows them.
 */
export const THIRD_PARTY_WORLDS = ['allowed', 'blocked'] as const;
export type ThirdPartyWorld = (typeof THIRD_PARTY_WORLDS)[number];

/** Chromium's blocked-cookie reasons that mean "third-party cookies are blocked", not a defect of the cookie itself. */
export const THIRD_PARTY_REASONS: ReadonlySet<string> = new Set([
  'UserPreferences',
  'ThirdPartyPhaseout',
  'ThirdPartyBlockedInFirstPartySet',
  'ThirdPartyCookieBlocked',
]);

export function isThirdPartyReason(reason: string): boolean {
  return THIRD_PARTY_REASONS.has(reason);
}
