import { CONFIG_PROOFS } from './evidence-config-cases';
import { LOG_PROOFS } from './evidence-log-cases';
import type { ProofRow } from './proof-row';

/** Proofs of the ladder's evidence steps, run by the mutation check and by a Playwright test. */
export const EVIDENCE_PROOFS: readonly ProofRow[] = [...LOG_PROOFS, ...CONFIG_PROOFS];
