import { isWeakSecret } from './weak-secrets';

export type SecretWarningCode =
  'JSON_DOCUMENT_AS_KEY' | 'SHORT_KEY' | 'SURROUNDING_WHITESPACE' | 'PLACEHOLDER_VALUE' | 'SHADOWED_DIFFERENT_VALUE';

export interface SecretWarning {
  readonly code: SecretWarningCode;
  readonly source: string;
  readonly message: string;
}

/** Checks a winning raw value for the shapes that caused the seed incidents. Messages never quote the value. */
export function inspectSecretValue(
  value: string,
  options: { source: string; keyBytes: number; minBytes: number; jsonFieldDeclared: boolean },
): SecretWarning[] {
  const warnings: SecretWarning[] = [];
  const { source } = options;
  if (!options.jsonFieldDeclared && /^\s*\{[\s\S]*\}\s*$/.test(value)) {
    warnings.push({
      code: 'JSON_DOCUMENT_AS_KEY',
      source,
      message: `${source} looks like a JSON document but is used whole as the key; declare the field (e.g. ${source.replace(/^\w+:/, '')}#signingKey) if the backend extracts one`,
    });
  }
  if (options.keyBytes < options.minBytes) {
    warnings.push({
      code: 'SHORT_KEY',
      source,
      message: `${source} gives a ${options.keyBytes}-byte key; HMAC keys should be at least ${options.minBytes} bytes (RFC 7518 §3.2)`,
    });
  }
  if (value !== value.trim()) {
    warnings.push({
      code: 'SURROUNDING_WHITESPACE',
      source,
      message: `${source} has leading or trailing whitespace or a newline; backends that trim and backends that don't will disagree`,
    });
  }
  if (isWeakSecret(value)) {
    warnings.push({
      code: 'PLACEHOLDER_VALUE',
      source,
      message: `${source} holds a well-known placeholder or fallback secret`,
    });
  }
  return warnings;
}
