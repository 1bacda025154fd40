/** A parsed RFC 6750 challenge: `Bearer realm="x", error="invalid_token", error_description="..."`. */
export interface BearerChallenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses a WWW-Authenticate header (one or more challenges). Unknown shapes give an empty list, never a throw. */
export function parseWwwAuthenticate(header: string | undefined): BearerChallenge[] {
  if (!header) return [];
  const challenges: BearerChallenge[] = [];
  const pattern =
    /([A-Za-z][\w!#$%&'*+.^`|~-]*)(?:\s+((?:[\w!#$%&'*+.^`|~-]+\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^\s,]+)\s*,?\s*)*))?/g;
  for (const match of header.matchAll(pattern)) {
    const scheme = match[1];
    if (!scheme) continue;
    const params: Record<string, string> = {};
    for (const param of (match[2] ?? '').matchAll(/([\w!#$%&'*+.^`|~-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]+)/g)) {
      const key = param[1]?.toLowerCase();
      if (key) params[key] = param[3] !== undefined ? param[3].replace(/\\(.)/g, '$1') : (param[2] ?? '');
    }
    challenges.push({ scheme, params });
  }
  return challenges;
}

export type DescribedCause =
  'audience' | 'issuer' | 'algorithm' | 'expired' | 'not-yet-valid' | 'signature' | 'malformed';

/** What a server's error_description (or error body) points at, in the words libraries commonly use. */
export function causeFromDescription(text: string | undefined): DescribedCause | undefined {
  if (!text) return undefined;
  const lower = text.toLowerCase();
  if (/\baud\b|audience/.test(lower)) return 'audience';
  if (/\biss\b|issuer/.test(lower)) return 'issuer';
  if (/\balg\b|algorithm/.test(lower)) return 'algorithm';
  if (/\bnbf\b|not before|not yet valid|\biat\b.*future|immature/.test(lower)) return 'not-yet-valid';
  if (/\bexp\b|expired/.test(lower)) return 'expired';
  if (/signature/.test(lower)) return 'signature';
  if (/malformed|invalid compact|decode|segments/.test(lower)) return 'malformed';
  return undefined;
}
