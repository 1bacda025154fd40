/**
 * `${NAME}` references inside env-file values, resolved from the process environment first, then the files.
 * Used for ports known only at start, e.g. TARGET_BASE_URL=http://127.0.0.1:${REFERENCE_PORT}.
 */
export interface Expansion {
  readonly value: string;
  readonly missing: readonly string[];
}

export function expandReferences(value: string, lookup: (name: string) => string | undefined): Expansion {
  const missing: string[] = [];
  const expanded = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = lookup(name);
    if (found === undefined) {
      missing.push(name);
      return '';
    }
    return found;
  });
  return { value: expanded, missing };
}
