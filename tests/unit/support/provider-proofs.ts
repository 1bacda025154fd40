import type { ProofRow } from './proof-row';

/** Proofs of the ladder's provider steps, run by the mutation check and by a Playwright test. */
export const PROVIDER_PROOFS: readonly ProofRow[] = [];
