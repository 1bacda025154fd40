/** One row of the diagnosis catalogue. */
export interface CatalogueEntry {
  readonly title: string;
  readonly meaning: string;
  readonly evidence: string;
  readonly fix: string;
  /** Seed incident reports in shared/seeds this comes from. */
  readonly seeds: readonly string[];
  /** auth: the target's auth is wrong; infra: not an auth verdict; harness: the harness's own configuration. */
  readonly kind: 'auth' | 'infra' | 'harness';
}
