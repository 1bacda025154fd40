/**
 * How a token (or a cookie holding one) is encoded, against what JWS compact serialization requires: base64url
 * segments without padding, no quoting, no URL-encoding (seed 000, DVP-ISS-013: base64 vs base64url).
 */
export type EncodingIssue = 'standard-base64-alphabet' | 'padding' | 'url-encoded' | 'quoted' | 'whitespace';

export function tokenEncodingIssues(raw: string): EncodingIssue[] {
  const issues: EncodingIssue[] = [];
  if (raw !== raw.trim()) issues.push('whitespace');
  const value = raw.trim();
  if (/^".*"$/.test(value)) issues.push('quoted');
  if (/%[0-9A-Fa-f]{2}/.test(value)) issues.push('url-encoded');
  const segments = value.replace(/^"|"$/g, '').split('.');
  if (segments.some((segment) => /[+/]/.test(segment))) issues.push('standard-base64-alphabet');
  if (segments.some((segment) => /=+$/.test(segment))) issues.push('padding');
  return issues;
}

/** The same token written as JWS requires: unquoted, URL-decoded, base64url segments without padding. */
export function toBase64Url(raw: string): string {
  let value = raw.trim().replace(/^"|"$/g, '');
  if (/%[0-9A-Fa-f]{2}/.test(value)) value = decodeURIComponent(value);
  return value
    .split('.')
    .map((segment) => segment.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))
    .join('.');
}
