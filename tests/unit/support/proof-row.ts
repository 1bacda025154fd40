/**
 * One proof the mutation check (tests/mutation/ladder-check.ts) runs outside Playwright: it resolves to what did not
 * hold, or undefined when everything held. A Playwright test runs the same proofs, so each also guards `npm test`.
 */
export interface ProofRow {
  readonly name: string;
  check(): Promise<string | undefined>;
}
