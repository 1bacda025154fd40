import type { VerdictKind } from './verdict-kind';

/** One row of the diagnosis catalogue. */
export interface CatalogueEntry {
  readonly title: string;
  readonly meaning: string;
  readonly evidence: string;
  readonly fix: string;
  /** The incident reports (seed ids) this cause was first seen in. */
  readonly seeds: readonly string[];
  /**
   * The verdict kind a failure with this code carries: `auth` (the detector firing: drift, a broken contract),
   * `infra` (the target could not be tested: network, gateway, overload), `inconclusive` (a control failed for a
   * non-auth reason, so the check could not judge), `config` (the env file or the harness's own set-up is wrong).
   */
  readonly kind: VerdictKind;
  /**
   * error: auth is broken or open (a security hole, a refused valid user, a 5xx on bad input): fails the run.
   * warning: a standards deviation or hardening gap (a missing challenge header, exp optional, no expiry close):
   * reported, fails the run only with `--fail-on warning`.
   */
  readonly severity: Severity;
}

export type Severity = 'error' | 'warning';
