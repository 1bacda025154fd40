import type { ProofRow } from './proof-row';

/** Proofs of the ladder's conclusion steps, run by the mutation check and by a Playwright test. */
export const CONCLUSION_PROOFS: readonly ProofRow[] = [];
