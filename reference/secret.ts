import { ConfigError } from './config-error';

/**
 * The target's own secret resolution, as a real backend would do it: a chain of variable names, first non-empty wins,
 * then a format step (raw, base64, or a field of a JSON document). Errors name variables, never values.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export type SecretFormat = { kind: 'raw' } | { kind: 'base64' } | { kind: 'json'; field: string };

/** The built-in key a careless service falls back to when its configuration is missing (fault `fallback-secret`). */
export const FALLBACK_SECRET = 'fallback_secret';

/** The misspelled name the API reads under the `fallback-secret` fault. */
export const MISSPELLED_SECRET_NAME = 'JWT_SECERT_KEY';

const GENERIC_SECRET_NAMES = ['JWT_SECRET_KEY', 'JWT_SECRET', 'AUTH_JWT_SECRET', 'SECRET_KEY'] as const;

export function envSpecificSecretName(appEnv: string): string {
  return `JWT_SECRET_${appEnv.toUpperCase()}`;
}

/** `JWT_SECRET_{ENV}` → `JWT_SECRET_KEY` → `JWT_SECRET` → `AUTH_JWT_SECRET` → `SECRET_KEY`. */
export function standardSecretChain(appEnv: string): string[] {
  return [envSpecificSecretName(appEnv), ...GENERIC_SECRET_NAMES];
}

/** The chain without the env-specific name. */
export function genericSecretChain(): string[] {
  return [...GENERIC_SECRET_NAMES];
}

/** Parses `JWT_SECRET_FORMAT`: `raw` (default), `base64`, or `json:<field>`. */
export function parseSecretFormat(value: string | undefined): SecretFormat {
  if (value === undefined || value === '' || value === 'raw') return { kind: 'raw' };
  if (value === 'base64') return { kind: 'base64' };
  if (value.startsWith('json:') && value.length > 'json:'.length)
    return { kind: 'json', field: value.slice('json:'.length) };
  throw new ConfigError(`JWT_SECRET_FORMAT must be "raw", "base64" or "json:<field>"`);
}

export interface SecretOptions {
  /** Who resolves (for error messages), e.g. "auth service". */
  owner: string;
  /** Variable names to read, in order; the first non-empty one wins. */
  names: readonly string[];
  format: SecretFormat;
  /** Use the whole JSON document as the key instead of its field (fault `api-raw-json-secret`). */
  jsonDocumentAsKey?: boolean;
  /** base64-decode the value after the format step; decodes once if the format is already base64 (fault `secret-base64-decoded`). */
  base64Decode?: boolean;
  /** Built-in key used as-is when no name has a value (fault `fallback-secret`). */
  fallback?: string;
}

export interface ResolvedSecret {
  key: Uint8Array<ArrayBuffer>;
  /** The variable the key came from, or `built-in fallback`. */
  source: string;
}

export function resolveSecret(env: Env, options: SecretOptions): ResolvedSecret {
  const name = options.names.find((candidate) => (env[candidate] ?? '') !== '');
  if (name === undefined) {
    if (options.fallback !== undefined) return { key: utf8(options.fallback), source: 'built-in fallback' };
    throw new ConfigError(`${options.owner}: no JWT secret configured (none of ${options.names.join(', ')} is set)`);
  }
  const value = env[name] ?? '';
  const { format } = options;
  const text = format.kind === 'json' && !options.jsonDocumentAsKey ? jsonField(value, name, format.field) : value;
  const key = format.kind === 'base64' || options.base64Decode === true ? decodeBase64(text, name) : utf8(text);
  return { key, source: name };
}

function jsonField(document: string, name: string, field: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    // The parser's message quotes the input: never pass it on.
    throw new ConfigError(`${name} is not a JSON document (JWT_SECRET_FORMAT=json:${field})`);
  }
  const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(`${name} has no non-empty string field "${field}" (JWT_SECRET_FORMAT=json:${field})`);
  }
  return value;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Accepts standard and URL-safe alphabets, padded or not. */
function decodeBase64(value: string, name: string): Uint8Array<ArrayBuffer> {
  const trimmed = value.trim();
  if (!BASE64.test(trimmed) || trimmed.replace(/=+$/, '').length % 4 === 1) {
    throw new ConfigError(`${name} is not valid base64`);
  }
  return new Uint8Array(Buffer.from(trimmed, 'base64'));
}

function utf8(value: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(value);
}
