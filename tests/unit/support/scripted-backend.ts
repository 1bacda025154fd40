import { createHmac, createVerify, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, scriptedTarget, type ScriptedTarget } from './in-process-doctor';

/**
 * A small backend played on loopback, configurable the ways real ones differ: its key, its clock and leeway, the
 * claims it requires, how it says "no" (a library's message in a header or a body field, or nothing), where it reads
 * the token, what its login issues, its Date header. It verifies for real (node:crypto HMAC, which takes an empty key).
 */
export interface BackendOptions {
  /** HS256 key the API verifies with; or an RSA public key for RS256. */
  readonly verifyKey: Uint8Array | KeyObject;
  /** Server clock offset from the real one (ms), and leeway (s). */
  readonly clockOffsetMs?: number;
  readonly leewaySeconds?: number;
  /** Date header: 'real' (server clock), 'lag:<ms>' (a cached header), 'none'. */
  readonly date?: 'real' | 'none' | `lag:${number}`;
  /** Claim policy beyond the signature and times: a refusal reason, or undefined to accept. */
  readonly policy?: (payload: Record<string, unknown>, header: Record<string, unknown>) => string | undefined;
  /** How a refusal is written. Default: RFC 6750 challenge with error_description. */
  readonly refuse?: (res: ServerResponse, reason: string) => void;
  /** Force a status on every protected call (infra rows). */
  readonly status?: number;
  /** Status of /health (default 200). */
  readonly healthStatus?: number;
  /** 500 instead of 401 for an invalid token. */
  readonly crashOnInvalid?: boolean;
  readonly readHeader?: boolean;
  readonly readCookie?: boolean;
  /** What POST /api/v1/auth/login answers with (a token the test made); undefined: 401. */
  readonly issue?: () => Promise<string> | string;
  /** An opaque (non-JWT) token the API accepts as is, as a session-token backend would. */
  readonly acceptOpaque?: string;
}

export const challenge = (res: ServerResponse, reason: string): void =>
  json(
    res,
    401,
    { error: 'invalid_token', error_description: reason },
    {
      'www-authenticate': `Bearer realm="api", error="invalid_token", error_description="${reason.replace(/"/g, '\\"')}"`,
    },
  );

export const opaque = (res: ServerResponse): void =>
  json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="api"' });

export function bodyOnly(body: (reason: string) => unknown): (res: ServerResponse, reason: string) => void {
  return (res, reason) => json(res, 401, body(reason));
}

export function startBackend(options: BackendOptions): Promise<ScriptedTarget> {
  return scriptedTarget(backendHandler(options));
}

/** The backend as a request handler: served on loopback by `startBackend`, or reached in process by a dispatcher. */
export function backendHandler(options: BackendOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const now = () => Date.now() + (options.clockOffsetMs ?? 0);
  const refuse = options.refuse ?? challenge;
  return async (req, res) => {
    const date = options.date ?? 'real';
    if (date !== 'none') {
      const lag = date.startsWith('lag:') ? Number(date.slice(4)) : 0;
      res.setHeader('date', new Date(now() - lag).toUTCString());
    } else {
      res.sendDate = false;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/health') return json(res, options.healthStatus ?? 200, { status: 'ok' });
    if (path === '/api/v1/auth/login') {
      if (!options.issue) return json(res, 401, { error: 'invalid_credentials' });
      return json(res, 200, { access_token: await options.issue(), token_type: 'Bearer' });
    }
    if (options.status !== undefined) return json(res, options.status, { error: 'status' });
    const token = readToken(req, options.readHeader ?? true, options.readCookie ?? true);
    if (token === undefined) return json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    if (options.acceptOpaque !== undefined && token === options.acceptOpaque) return json(res, 200, { sub: 'alice' });
    const reason = verify(token, options, now());
    if (reason === undefined) return json(res, 200, { sub: 'alice' });
    if (options.crashOnInvalid) return json(res, 500, { error: 'internal' });
    refuse(res, reason);
  };
}

function readToken(req: IncomingMessage, header: boolean, cookie: boolean): string | undefined {
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (match) return match[1];
  }
  if (cookie) {
    for (const pair of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = pair.trim().split('=');
      if (name === 'access_token') return value.join('=');
    }
  }
  return undefined;
}

/** A strict verifier: base64url only, HS256 (or RS256 with a KeyObject), exp/nbf/iat with leeway, then the policy. */
function verify(token: string, options: BackendOptions, nowMs: number): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return 'jwt malformed';
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return 'jwt malformed';
  }
  const input = `${h}.${p}`;
  const signature = Buffer.from(s, 'base64url');
  if (options.verifyKey instanceof Uint8Array) {
    if (header['alg'] !== 'HS256') return 'invalid algorithm';
    const expected = createHmac('sha256', options.verifyKey).update(input).digest();
    if (expected.length !== signature.length || !timingSafeEqual(expected, signature)) return 'invalid signature';
  } else {
    if (header['alg'] !== 'RS256') return 'invalid algorithm';
    if (!createVerify('RSA-SHA256').update(input).verify(options.verifyKey, signature))
      return 'no applicable key found in the JSON Web Key Set';
  }
  const now = nowMs / 1000;
  const leeway = options.leewaySeconds ?? 0;
  if (typeof payload['exp'] === 'number' && now > payload['exp'] + leeway) return 'jwt expired';
  if (typeof payload['nbf'] === 'number' && now + leeway < payload['nbf']) return 'jwt not active';
  if (typeof payload['iat'] === 'number' && now + leeway < payload['iat']) return 'token used before issued';
  return options.policy?.(payload, header);
}
