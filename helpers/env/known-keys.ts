import type { ConfigIssue } from '../errors/authcanary-error';

/**
 * Keys an env file may hold besides the schema's: the secret chain's names, the reference target's own settings,
 * and the harness's run variables.
 */
const ALSO_KNOWN =
  /^(JWT_SECRET(_\w+)?|AUTH_JWT_SECRET|SECRET_KEY|REFERENCE_\w+|IDP_\w+|AUTHCANARY_\w+|APP_ENV|AUTH_ENV|CI)$/;

/**
 * Warnings (never errors: an env file may be shared with the application) for keys authcanary does not read, each
 * with the nearest key it does read. Every unknown key of an env file is named; a key of the process environment
 * only when it is one or two letters from a known key of the same family (OAUTH_SCOPES → OAUTH_SCOPE), since the
 * process environment holds everything else the machine sets.
 */
export function unknownKeyWarnings(
  fileKeys: ReadonlyMap<string, string>,
  processKeys: readonly string[],
  known: readonly string[],
  chainNames: readonly string[] = [],
): ConfigIssue[] {
  const knownSet = new Set([...known, ...chainNames]);
  const isKnown = (key: string) => knownSet.has(key) || ALSO_KNOWN.test(key);
  const warnings: ConfigIssue[] = [];
  for (const [key, file] of fileKeys) {
    if (isKnown(key)) continue;
    const near = nearestKey(key, known);
    warnings.push({
      file,
      key,
      message: `not a key authcanary reads${near ? `; did you mean ${near}?` : ''} (ignored)`,
    });
  }
  for (const key of processKeys) {
    if (fileKeys.has(key) || isKnown(key)) continue;
    const near = nearestKey(key, known, 2);
    if (near && near.split('_')[0] === key.split('_')[0])
      warnings.push({
        file: 'process environment',
        key,
        message: `not a key authcanary reads; did you mean ${near}? (ignored)`,
      });
  }
  return warnings;
}

/** The known key closest to `key` (edit distance, a swap of two letters counting one), if close enough. */
export function nearestKey(key: string, known: readonly string[], maxDistance?: number): string | undefined {
  const limit = maxDistance ?? Math.max(2, Math.floor(key.length / 4));
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    if (Math.abs(candidate.length - key.length) > limit) continue;
    const distance = editDistance(key.toUpperCase(), candidate);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const previous = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = value;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
