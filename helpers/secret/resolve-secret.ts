import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { parseChain, type ChainSource } from './chain';
import { decodeSecret, type SecretEncoding } from './decode-secret';
import { SecretError } from './errors';
import { Secret } from './secret';
import { inspectSecretValue, type SecretWarning } from './warnings';

export interface ResolveSecretOptions {
  /** Chain entries in precedence order: `NAME`, `NAME#field`, `file:/path[#field]`; `{ENV}` is expanded. */
  readonly chain: readonly string[];
  /** Deployment name used for `{ENV}`. */
  readonly envName: string;
  /** Where `NAME` entries are looked up. The caller decides (process env, env files); this module reads no global state. */
  readonly variables: Readonly<Record<string, string | undefined>>;
  readonly encoding?: SecretEncoding;
  /** JSON field for every entry that does not name its own with `#field`. */
  readonly jsonField?: string | undefined;
  /** Minimum key length before a SHORT_KEY warning (32 for HS256). */
  readonly minBytes?: number;
  /** Injected for tests; returns undefined when the file does not exist. */
  readonly readFile?: (path: string) => string | undefined;
}

export type ChainEntryStatus = 'selected' | 'shadowed' | 'unset' | 'empty' | 'missing-file' | 'invalid';

export interface ChainEntryReport {
  readonly source: string;
  readonly status: ChainEntryStatus;
  readonly fingerprint?: string;
}

export interface SecretResolution {
  readonly secret: Secret;
  readonly source: string;
  readonly fingerprint: string;
  readonly warnings: readonly SecretWarning[];
  /** Every chain entry and what became of it, in order. */
  readonly entries: readonly ChainEntryReport[];
  /** Every entry that holds a usable key, winner first: what services reading other names would use. */
  readonly candidates: readonly Secret[];
  /** The winning entry's value as stored, before JSON field selection and decoding (for encoding diagnoses). */
  readonly stored: Secret;
}

/**
 * Resolves the signing secret through a declared chain, the way the backends do: first non-empty entry wins.
 * There is no built-in fallback: when nothing is set, it throws ERR_SECRET_UNRESOLVED listing every entry tried.
 */
export function resolveSecret(options: ResolveSecretOptions): SecretResolution {
  const sources = parseChain(options.chain, options.envName);
  const encoding = options.encoding ?? 'raw';
  const readFile = options.readFile ?? readFileIfExists;
  const entries: ChainEntryReport[] = [];
  const candidates: Secret[] = [];
  let winner: { secret: Secret; raw: string; field: string | undefined } | undefined;
  const shadowed: Secret[] = [];

  for (const source of sources) {
    const raw = lookup(source, options.variables, readFile);
    if (raw.status !== 'found') {
      entries.push({ source: source.label, status: raw.status });
      continue;
    }
    // SECRET_JSON_FIELD selects a field of a JSON document. Another name of the chain holding a plain value (a dev
    // secret in the process env) is still a key a service may use: a candidate, not "invalid". An entry's own
    // `#field`, and the winning entry, stay strict.
    const globalField =
      winner !== undefined && source.field === undefined && !/^\s*\{/.test(raw.value) ? undefined : options.jsonField;
    const field = source.field ?? globalField;
    let bytes: Uint8Array;
    try {
      bytes = decodeSecret(raw.value, { encoding, field, label: source.label });
    } catch (error) {
      if (winner === undefined) throw error;
      entries.push({ source: source.label, status: 'invalid' });
      continue;
    }
    const secret = new Secret(bytes, source.label);
    candidates.push(secret);
    if (winner === undefined) {
      winner = { secret, raw: raw.value, field };
      entries.push({ source: source.label, status: 'selected', fingerprint: secret.fingerprint });
    } else {
      shadowed.push(secret);
      entries.push({ source: source.label, status: 'shadowed', fingerprint: secret.fingerprint });
    }
  }

  if (winner === undefined) {
    const tried = entries.map((entry) => `${entry.source} (${entry.status})`).join(', ');
    throw new SecretError(
      'ERR_SECRET_UNRESOLVED',
      `no signing secret found; tried ${tried}`,
      'export one of these names (CI: inject it as a secret variable), or put it in the gitignored env/<name>.local.env; authcanary never falls back to a built-in secret',
    );
  }

  const warnings: SecretWarning[] = inspectSecretValue(winner.raw, {
    source: winner.secret.source,
    keyBytes: winner.secret.byteLength,
    minBytes: options.minBytes ?? 32,
    jsonFieldDeclared: winner.field !== undefined,
  });
  for (const other of shadowed) {
    if (!other.equals(winner.secret)) {
      warnings.push({
        code: 'SHADOWED_DIFFERENT_VALUE',
        source: other.source,
        message: `${other.source} is also set, to a different value (${other.fingerprint}); a service that reads only that name signs or verifies with another key than ${winner.secret.source} (${winner.secret.fingerprint})`,
      });
    }
  }

  const stored = new Secret(new TextEncoder().encode(winner.raw), `${winner.secret.source} (as stored)`);
  return {
    secret: winner.secret,
    source: winner.secret.source,
    fingerprint: winner.secret.fingerprint,
    warnings,
    entries,
    candidates,
    stored,
  };
}

type Lookup = { status: 'found'; value: string } | { status: 'unset' | 'empty' | 'missing-file' };

function lookup(
  source: ChainSource,
  variables: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string | undefined,
): Lookup {
  const value = source.kind === 'env' ? variables[source.name] : readFile(source.path);
  if (value === undefined) return { status: source.kind === 'env' ? 'unset' : 'missing-file' };
  if (value.trim().length === 0) return { status: 'empty' };
  return { status: 'found', value };
}

const MAX_SECRET_FILE_BYTES = 1024 * 1024;

function readFileIfExists(path: string): string | undefined {
  let fd: number;
  try {
    // Non-blocking, so that a FIFO does not hang here; the type and size are checked on the descriptor itself.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SecretError(
      'ERR_SECRET_INVALID',
      `secret file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the path and its permissions',
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_SECRET_FILE_BYTES)
      throw new SecretError(
        'ERR_SECRET_INVALID',
        `secret file ${path} is ${stat.isFile() ? `over ${MAX_SECRET_FILE_BYTES} bytes` : 'not a regular file (a FIFO, a device or a directory)'}: refused`,
        'point the secret chain at a regular file holding the secret',
      );
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
