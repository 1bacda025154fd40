import { SecretError } from './errors';

export type SecretEncoding = 'raw' | 'base64' | 'base64url';

/** Turns a configured value into key bytes: optional JSON field first, then the declared encoding. */
export function decodeSecret(
  value: string,
  options: { encoding: SecretEncoding; field?: string | undefined; label: string },
): Uint8Array {
  const text = options.field === undefined ? value : selectJsonField(value, options.field, options.label);
  switch (options.encoding) {
    case 'raw':
      return new TextEncoder().encode(text);
    case 'base64':
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.trim())) throw invalidEncoding(options.label, 'base64');
      return Buffer.from(text.trim(), 'base64');
    case 'base64url':
      if (!/^[A-Za-z0-9_-]*$/.test(text.trim())) throw invalidEncoding(options.label, 'base64url');
      return Buffer.from(text.trim(), 'base64url');
  }
}

function selectJsonField(value: string, field: string, label: string): string {
  let document: unknown;
  try {
    document = JSON.parse(value);
  } catch {
    throw new SecretError(
      'ERR_SECRET_INVALID',
      `${label} is declared as a JSON document but is not valid JSON`,
      `store {"${field}": "..."} there, or drop the #${field} selector`,
    );
  }
  const selected =
    typeof document === 'object' && document !== null ? (document as Record<string, unknown>)[field] : undefined;
  if (typeof selected !== 'string' || selected.length === 0) {
    throw new SecretError(
      'ERR_SECRET_INVALID',
      `${label} is a JSON document without a non-empty string field "${field}"`,
      `check the field name the backend reads (declared: ${field})`,
    );
  }
  return selected;
}

function invalidEncoding(label: string, encoding: string): SecretError {
  return new SecretError(
    'ERR_SECRET_INVALID',
    `${label} is declared ${encoding} but holds characters outside that alphabet`,
    `fix SECRET_ENCODING (raw, base64, base64url) to match how the backend decodes it`,
  );
}
