import type { ServerResponse } from 'node:http';

/** JSON responses and the RFC 6750 Bearer challenges. */

export const REALM = 'reference';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function sendNoContent(res: ServerResponse, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(204, headers);
  res.end();
}

/** Auth and API responses must never be cached (by proxies, browsers or service workers). */
export function preventCaching(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
}

/** No credentials: `401`, `WWW-Authenticate: Bearer realm="reference"`. */
export function sendMissingCredentials(res: ServerResponse): void {
  sendJson(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': bearerChallenge({}) });
}

/** Any invalid token: `401` with `error="invalid_token"` and the verifier's reason as `error_description`. */
export function sendInvalidToken(res: ServerResponse, description: string): void {
  sendJson(
    res,
    401,
    { error: 'invalid_token', error_description: description },
    { 'WWW-Authenticate': bearerChallenge({ error: 'invalid_token', error_description: description }) },
  );
}

/** A valid identity without the right: `403` with `error="insufficient_scope"`. */
export function sendInsufficientScope(res: ServerResponse): void {
  sendJson(
    res,
    403,
    { error: 'insufficient_scope' },
    { 'WWW-Authenticate': bearerChallenge({ error: 'insufficient_scope' }) },
  );
}

export function bearerChallenge(params: { error?: string; error_description?: string }): string {
  const parts = [`realm=${quote(REALM)}`];
  for (const [name, value] of Object.entries(params)) if (value !== undefined) parts.push(`${name}=${quote(value)}`);
  return `Bearer ${parts.join(', ')}`;
}

/**
 * An HTTP quoted-string: `"` and `\` are escaped with a backslash (jose's messages contain quotes), anything outside
 * printable ASCII becomes `?` so the header stays valid.
 */
function quote(value: string): string {
  return `"${value.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
