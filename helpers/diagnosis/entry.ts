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
  /**
   * error: auth is broken or open (a security hole, a refused valid user, a 5xx on bad input): fails the run.
   * warning: a standards deviation or hardening gap (a missing challenge header, exp optional, no expiry close):
   * reported, fails the run only with `--fail-on warning`.
   */
  readonly severity: Severity;
}

export type Severity = 'error' | 'warning';
