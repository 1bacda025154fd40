import type { VerdictKind } from './verdict-kind';

/** One row of the diagnosis catalogue. */
export interface CatalogueEntry {
  readonly title: string;
  readonly meaning: string;
  readonly evidence: string;
  readonly fix: string;
  /** Seed incident reports in shared/seeds this comes from. */
  readonly seeds: readonly string[];
  /**
   * The verdict kind a failure with this code carries: `auth` (the detector firing: drift, a broken contract),
   * `infra` (the target could not be tested: network, gateway, overload), `inconclusive` (a control failed for a
   * non-auth reason, so the check could not judge), `config` (the env file or the harness's own set-up is wrong).
   */
  readonly kind: VerdictKind;
}
