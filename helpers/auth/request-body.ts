import { Secret } from '../secret/secret';

export type BodyEncoding = 'json' | 'form';

/** A value placed in a request body: plain (from the env file) or a secret revealed only while encoding. */
export type BodyValue = string | number | boolean | null | Secret | { readonly [key: string]: unknown };

/**
 * The shape of a request to an auth endpoint, declared in the env file: login, refresh, and (reused by other
 * flows) token requests. Field paths are dotted for JSON bodies (`AuthParameters.USERNAME` nests); form keys are
 * taken literally.
 */
export interface RequestShape {
  readonly encoding: BodyEncoding;
  /** Fixed fields sent with every request (grant_type, scope, client_id, AuthFlow, …), by path. */
  readonly extraFields: Readonly<Record<string, unknown>>;
  /** Extra request headers, names lower-cased (x-amz-target, content-type, …). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface EncodedBody {
  readonly text: string;
  /** All headers to send: the declared ones, content-type defaulted from the encoding. */
  readonly headers: Record<string, string>;
}

const CONTENT_TYPE: Record<BodyEncoding, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
};

function plain(value: unknown): unknown {
  return value instanceof Secret ? new TextDecoder().decode(value.reveal()) : value;
}

/** Sets `value` at a dotted path, creating objects on the way; a path segment that is not an object is replaced. */
export function setPath(target: Record<string, unknown>, dottedPath: string, value: unknown): void {
  const keys = dottedPath.split('.');
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys[keys.length - 1] as string] = value;
}

/**
 * Encodes the declared fields plus the per-request ones (credentials, refresh token). Per-request fields win over
 * fixed ones of the same path. Form values that are not strings are written as JSON text (numbers, booleans).
 */
export function encodeBody(shape: RequestShape, fields: ReadonlyArray<readonly [string, BodyValue]>): EncodedBody {
  const entries: Array<readonly [string, unknown]> = [
    ...Object.entries(shape.extraFields),
    ...fields.map(([key, value]) => [key, plain(value)] as const),
  ];
  const headers: Record<string, string> = { ...shape.headers };
  headers['content-type'] ??= CONTENT_TYPE[shape.encoding];
  if (shape.encoding === 'form') {
    const params = new URLSearchParams();
    const seen = new Map<string, unknown>();
    for (const [key, value] of entries) seen.set(key, value);
    for (const [key, value] of seen)
      params.set(key, typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value));
    return { text: params.toString(), headers };
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of entries) setPath(body, key, value);
  return { text: JSON.stringify(body), headers };
}
