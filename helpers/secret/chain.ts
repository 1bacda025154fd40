import { SecretError } from './errors';

/** The backends' order in the seed incidents: env-specific first, then the generic names. */
export const DEFAULT_SECRET_CHAIN = [
  'JWT_SECRET_{ENV}',
  'JWT_SECRET_KEY',
  'JWT_SECRET',
  'AUTH_JWT_SECRET',
  'SECRET_KEY',
] as const;

export type ChainSource =
  | { readonly kind: 'env'; readonly name: string; readonly field?: string; readonly label: string }
  | { readonly kind: 'file'; readonly path: string; readonly field?: string; readonly label: string };

/**
 * Parses one chain entry: `NAME`, `NAME#field`, `file:/path`, `file:/path#field`.
 * `{ENV}` is replaced by the deployment name, upper-cased (`staging` → `JWT_SECRET_STAGING`).
 */
export function parseChainEntry(entry: string, envName: string): ChainSource {
  const trimmed = entry.trim();
  const expanded = trimmed.replaceAll('{ENV}', envSuffix(envName));
  const hash = expanded.lastIndexOf('#');
  const target = hash === -1 ? expanded : expanded.slice(0, hash);
  const field = hash === -1 ? undefined : expanded.slice(hash + 1);
  if (field !== undefined && field.length === 0) {
    throw new SecretError(
      'ERR_SECRET_CHAIN',
      `secret chain entry "${trimmed}" has an empty JSON field after '#'`,
      'write NAME#field, e.g. JWT_SECRET#signingKey',
    );
  }
  if (target.startsWith('file:')) {
    const path = target.slice('file:'.length);
    if (path.length === 0)
      throw new SecretError(
        'ERR_SECRET_CHAIN',
        `secret chain entry "${trimmed}" names no file`,
        'write file:/path/to/secret',
      );
    return { kind: 'file', path, label: `file:${path}${field ? `#${field}` : ''}`, ...(field ? { field } : {}) };
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) {
    throw new SecretError(
      'ERR_SECRET_CHAIN',
      `secret chain entry "${trimmed}" is not an environment variable name`,
      'use letters, digits and _ (or file:/path)',
    );
  }
  return { kind: 'env', name: target, label: `env:${target}${field ? `#${field}` : ''}`, ...(field ? { field } : {}) };
}

export function parseChain(entries: readonly string[], envName: string): ChainSource[] {
  if (entries.length === 0)
    throw new SecretError(
      'ERR_SECRET_CHAIN',
      'the secret chain is empty',
      'declare at least one source, e.g. JWT_SECRET_{ENV}',
    );
  return entries.map((entry) => parseChainEntry(entry, envName));
}

export function envSuffix(envName: string): string {
  return envName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
