import type { HttpExchange } from '../../http/exchange';
import { parseWwwAuthenticate } from './www-authenticate';

/** What the server said about a refusal, and where it said it. */
export interface ServerReason {
  readonly text: string;
  /** `www-authenticate` (error_description, else error) or the body field it came from (`detail`, `messages[0].message`, …). */
  readonly from: string;
}

/** Body fields that carry a reason, in the order the common frameworks use them. */
const BODY_FIELDS = ['error_description', 'detail', 'msg', 'message', 'error', 'code'] as const;

/**
 * Reads the server's own reason for a refusal: WWW-Authenticate's error_description first, then the error body
 * (`detail` of DRF/FastAPI, `msg` of flask-jwt-extended, `message` of Express/Fastify/Spring, `messages[].message` of
 * simplejwt, `error_description` / `error` of OAuth2 servers, `code`). A bare `error="invalid_token"` says nothing about
 * the cause, so a body reason beats it. Never throws; undefined when the server gave no reason.
 */
export function readServerReason(exchange: Pick<HttpExchange, 'header' | 'json'>): ServerReason | undefined {
  const challenge = parseWwwAuthenticate(exchange.header('www-authenticate')).find(
    (item) => item.scheme.toLowerCase() === 'bearer',
  );
  const description = challenge?.params['error_description'];
  if (description) return { text: description, from: 'www-authenticate' };
  const body = bodyReason(safeJson(exchange));
  if (body) return body;
  const error = challenge?.params['error'];
  return error ? { text: error, from: 'www-authenticate' } : undefined;
}

function safeJson(exchange: Pick<HttpExchange, 'json'>): unknown {
  try {
    return exchange.json();
  } catch {
    return undefined;
  }
}

function bodyReason(body: unknown): ServerReason | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  // simplejwt: {"detail": "Given token not valid for any token type", "messages": [{"message": "Token is expired"}]}
  const messages = record['messages'];
  const nested = Array.isArray(messages)
    ? messages
        .map((entry) =>
          typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['message'] : undefined,
        )
        .filter((text): text is string => typeof text === 'string' && text.length > 0)
    : [];
  const found: ServerReason[] = [];
  // FastAPI/pydantic 422: {"detail": [{"loc": ["body", "username"], "msg": "Field required", "input": …}]}. Only loc and
  // msg are read: `input` echoes what was sent (a password).
  const detail = record['detail'];
  if (Array.isArray(detail)) {
    const items = detail
      .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
      .filter((entry) => typeof entry['msg'] === 'string')
      .map((entry) => `${Array.isArray(entry['loc']) ? `${entry['loc'].join('.')}: ` : ''}${String(entry['msg'])}`);
    if (items.length) found.push({ text: items.join('; '), from: 'detail[]' });
  }
  for (const key of BODY_FIELDS) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) found.push({ text: value, from: key });
    // Fastify/Express error objects: {"error": {"message": "..."}}
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Record<string, unknown>)['message'] === 'string'
    )
      found.push({ text: (value as Record<string, string>)['message'] as string, from: `${key}.message` });
  }
  if (nested[0]) found.unshift({ text: nested[0], from: 'messages[0].message' });
  // The most specific reason: one that names a cause, else the first.
  return found.find((reason) => causeFromReason(reason.text) !== undefined) ?? found[0];
}

export type ReasonCause =
  | 'audience'
  | 'issuer'
  | 'algorithm'
  | 'expired'
  | 'not-yet-valid'
  | 'signature'
  | 'unknown-key'
  | 'malformed'
  | 'required-claim'
  | 'token-type';

/**
 * What a server's reason points at, in the words of the common JWT libraries. First match wins, so the more specific
 * phrases come first ("Jwt used before …" is a time claim, not a malformed token; "invalid or expired" names neither).
 */
const PATTERNS: readonly (readonly [RegExp, ReasonCause])[] = [
  // Time: not yet valid. jsonwebtoken "jwt not active"; golang-jwt "token is not valid yet", "token used before issued";
  // Spring "Jwt used before …"; PyJWT "The token is not yet valid (iat|nbf)"; ASP.NET IDX10222 "not yet valid",
  // "The token is not valid before"; fast-jwt "The token will be active at"; jose "nbf"/"iat" timestamp check failed.
  [
    /jwt not active|not valid yet|not yet valid|used before|not valid before|will be active|immature|\bnbf\b|"iat" claim timestamp|\biat\b.*future/,
    'not-yet-valid',
  ],
  // Time: expired. jsonwebtoken "jwt expired"; PyJWT "Signature has expired"; golang-jwt "token is expired";
  // Spring "Jwt expired at"; ASP.NET IDX10223 "The token is expired"/"The token expired at"; fast-jwt "has expired".
  [/expired|\bexp\b/, 'expired'],
  // Token type: simplejwt "Token has wrong type" / "Token has no type" / "not valid for any token type";
  // flask-jwt-extended "Only non-refresh tokens are allowed"; jose 'unexpected "typ" JWT header value'.
  [/token type|wrong type|has no type|non-refresh|access tokens are allowed|\btyp\b/, 'token-type'],
  // Required claims: PyJWT 'Token is missing the "x" claim'; jose 'missing required "x" claim'; golang-jwt
  // "token is missing required claim"; flask-jwt-extended "Missing claim: x"; simplejwt "Token has no id".
  [
    /missing (the |required )?"?[\w:-]+"? claim|missing claim|required claim|token has no id|no recognizable user/,
    'required-claim',
  ],
  [/\baud\b|audience/, 'audience'],
  [/\biss\b|issuer/, 'issuer'],
  // Algorithm: jsonwebtoken "invalid algorithm"; golang-jwt "signing method … is invalid"; PyJWT "alg value is not allowed".
  [/\balg\b|algorithm|signing method/, 'algorithm'],
  // Key lookup: oidc-provider "no applicable key found in the JSON Web Key Set"; ASP.NET IDX10503/IDX10500 "signature key
  // was not found"; Spring "no matching key(s) found"; golang-jwt "token is unverifiable"; jose "no applicable key".
  [/no applicable key|key was not found|no matching key|unverifiable|key not found|\bkid\b/, 'unknown-key'],
  [/signature/, 'signature'],
  // Malformed: jsonwebtoken "jwt malformed"; golang-jwt "token is malformed"; PyJWT "Not enough segments",
  // "Invalid header padding"; jose "Invalid Compact JWS"; fast-jwt "The token is malformed".
  [/malformed|invalid compact|decode|segments|padding|invalid header string/, 'malformed'],
];

export function causeFromReason(text: string | undefined): ReasonCause | undefined {
  if (!text) return undefined;
  const lower = text.toLowerCase();
  // Ambiguous wording (simplejwt "Token is invalid or expired", "Invalid or expired token"): names no cause.
  if (/invalid or expired|expired or invalid/.test(lower)) return undefined;
  return PATTERNS.find(([pattern]) => pattern.test(lower))?.[1];
}

/** The claim a "missing claim" reason names (`Token is missing the "aud" claim` → `aud`), if it names one. */
export function claimNamedIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = /missing (?:the |required )?"?([\w:-]+)"? claim|missing claim:?\s*"?([\w:-]+)/i.exec(text);
  return match?.[1] ?? match?.[2];
}
