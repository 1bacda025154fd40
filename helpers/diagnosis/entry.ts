/** One row of the diagnosis catalogue. */
export interface CatalogueEntry {
  readonly title: string;
  readonly meaning: string;
  readonly evidence: string;
  readonly fix: string;
  /** The incident reports (seed ids) this cause was first seen in. */
  readonly seeds: readonly string[];
  /** auth: the target's auth is wrong; infra: not an auth verdict; harness: the harness's own configuration. */
  readonly kind: 'auth' | 'infra' | 'harness';
}
