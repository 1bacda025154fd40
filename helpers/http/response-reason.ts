import type { HttpExchange } from './exchange';
import { bearerChallenge } from './www-authenticate';

/** What a server said about a refusal, and where it said it. */
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
export function readServerReason(
  exchange: Pick<HttpExchange, 'header' | 'json'>,
  /** Among several body reasons, the first this accepts wins (the diagnosis prefers one that names a cause). */
  prefer: (text: string) => boolean = () => false,
): ServerReason | undefined {
  const challenge = bearerChallenge(exchange.header('www-authenticate'));
  const description = challenge?.params['error_description'];
  if (description) return { text: description, from: 'www-authenticate' };
  const body = bodyReason(safeJson(exchange), prefer);
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

function bodyReason(body: unknown, prefer: (text: string) => boolean): ServerReason | undefined {
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
    // Cognito: {"__type": "NotAuthorizedException", "message": "Incorrect username or password."}
    const kind = record['__type'];
    if (typeof value === 'string' && value.length > 0)
      found.push({ text: typeof kind === 'string' && kind !== value ? `${kind}: ${value}` : value, from: key });
    // Fastify/Express error objects: {"error": {"message": "..."}}
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Record<string, unknown>)['message'] === 'string'
    )
      found.push({ text: (value as Record<string, string>)['message'] as string, from: `${key}.message` });
  }
  if (nested[0]) found.unshift({ text: nested[0], from: 'messages[0].message' });
  return found.find((reason) => prefer(reason.text)) ?? found[0];
}
