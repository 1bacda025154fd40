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

/**
 * Bounds on what is read from a token anyone may hand over (a decode argument, a login answer, a cookie): the size,
 * and how deeply its JSON nests (checked by a scan before JSON.parse, so no parser or printer recurses that deep).
 */
export const TOKEN_LIMITS = { maxChars: 256 * 1024, maxDepth: 32 } as const;

export function decodeToken(token: string): DecodeResult {
  if (token.length > TOKEN_LIMITS.maxChars)
    return { ok: false, reason: `the token is ${token.length} characters, over the ${TOKEN_LIMITS.maxChars} read` };
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
    const text = Buffer.from(segment.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url').toString(
      'utf8',
    );
    if (jsonDepth(text) > TOKEN_LIMITS.maxDepth) return undefined;
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** How deeply JSON text nests (brackets outside strings), by a linear scan that stops past the limit. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > TOKEN_LIMITS.maxDepth) return deepest;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

/**
 * What a token is, for the commands that explain one (decode, doctor): a signed JWS, an unsigned one (alg none or
 * an empty signature), an encrypted JWE (five segments: its claims cannot be read), or not a JWS at all (garbage,
 * an opaque token, too large, nested too deeply). Never throws, whatever the input; never quotes it.
 */
export type TokenReading =
  | { readonly kind: 'jws'; readonly token: DecodedToken }
  | { readonly kind: 'unsigned'; readonly token: DecodedToken; readonly reason: string }
  | { readonly kind: 'jwe'; readonly header: Record<string, unknown>; readonly reason: string }
  | { readonly kind: 'not-jws'; readonly reason: string };

export function readToken(token: string): TokenReading {
  if (token.length > TOKEN_LIMITS.maxChars)
    return { kind: 'not-jws', reason: `${token.length} characters, over the ${TOKEN_LIMITS.maxChars} read` };
  const parts = token.trim().split('.');
  const jweHeader = parts.length === 5 ? parseSegment(parts[0] ?? '') : undefined;
  if (jweHeader && typeof jweHeader['enc'] === 'string') {
    const header = jweHeader;
    return {
      kind: 'jwe',
      header: pick(header, ['alg', 'enc', 'kid', 'typ', 'cty']),
      reason: `an encrypted token (JWE, enc ${String(header['enc'])}): its claims can only be read with the recipient's key`,
    };
  }
  const decoded = decodeToken(token);
  if (!decoded.ok) {
    const deep = parts.length === 3 && parts.slice(0, 2).some((part) => depthOfSegment(part) > TOKEN_LIMITS.maxDepth);
    return {
      kind: 'not-jws',
      reason: deep ? `its JSON nests deeper than ${TOKEN_LIMITS.maxDepth} levels` : decoded.reason,
    };
  }
  const alg = decoded.token.header['alg'];
  if (typeof alg === 'string' && alg.toLowerCase() === 'none')
    return { kind: 'unsigned', token: decoded.token, reason: `alg "${alg}": the token carries no signature to verify` };
  if ((parts[2] ?? '').length === 0)
    return { kind: 'unsigned', token: decoded.token, reason: 'the signature segment is empty' };
  return { kind: 'jws', token: decoded.token };
}

function depthOfSegment(segment: string): number {
  if (segmentEncoding(segment) === 'invalid') return 0;
  return jsonDepth(
    Buffer.from(segment.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url').toString('utf8'),
  );
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => typeof record[key] === 'string').map((key) => [key, record[key]]));
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
