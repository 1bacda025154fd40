import { CONFIG_PROOFS } from './evidence-config-cases';
import { LOG_PROOFS } from './evidence-log-cases';
import type { ProofRow } from './proof-row';
import { TOKEN_TYPE_PROOFS } from './evidence-token-type-cases';

/** Proofs of the ladder's evidence steps, run by the mutation check and by a Playwright test. */
export const EVIDENCE_PROOFS: readonly ProofRow[] = [...LOG_PROOFS, ...CONFIG_PROOFS, ...TOKEN_TYPE_PROOFS];
