/**
 * Reads a JWT without verifying it, and says how each segment is encoded: a token or cookie value carrying
 * standard base64 (`+`, `/`, `=`) where base64url is required is one of the seed incidents.
 */
export type SegmentEncoding = 'base64url' | 'base64' | 'invalid';

export interface DecodedToken {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly encodings: readonly [SegmentEncoding, SegmentEncoding, SegmentEncoding];
}

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; reason: string };

export function decodeToken(token: string): DecodeResult {
  const parts = token.trim().split('.');
  if (parts.length !== 3)
    return { ok: false, reason: `a JWS compact token has 3 segments, this one has ${parts.length}` };
  const [h, p, s] = parts as [string, string, string];
  const header = parseSegment(h);
  if (!header) return { ok: false, reason: 'the header segment is not base64url-encoded JSON' };
  const payload = parseSegment(p);
  if (!payload) return { ok: false, reason: 'the payload segment is not base64url-encoded JSON' };
  return {
    ok: true,
    token: {
      header,
      payload,
      encodings: [segmentEncoding(h), segmentEncoding(p), s.length === 0 ? 'base64url' : segmentEncoding(s)],
    },
  };
}

export function segmentEncoding(segment: string): SegmentEncoding {
  if (/^[A-Za-z0-9_-]*$/.test(segment)) return 'base64url';
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(segment)) return 'base64';
  return 'invalid';
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  if (segmentEncoding(segment) === 'invalid') return undefined;
  try {
    const value: unknown = JSON.parse(
      Buffer.from(segment.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url').toString('utf8'),
    );
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The signature segment: what the leak check looks for, and what redaction removes. */
export function signatureOf(token: string): string | undefined {
  const parts = token.split('.');
  return parts.length === 3 && (parts[2]?.length ?? 0) > 0 ? parts[2] : undefined;
}

/** Whether a token is a JWS compact JWT at all (three segments, JSON header and payload); opaque tokens are not. */
export const isJwt = (token: string): boolean => decodeToken(token).ok;

/** Why a token is not a JWT, for "not a JWT" messages: its shape, never its value. */
export function opaqueTokenShape(token: string): string {
  const decoded = decodeToken(token);
  return decoded.ok ? 'a JWT' : `${token.length} characters, ${token.split('.').length} segment(s): ${decoded.reason}`;
}
