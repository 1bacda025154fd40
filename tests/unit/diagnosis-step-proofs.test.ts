import { expect, test } from '@playwright/test';
import { CONCLUSION_PROOFS } from './support/conclusion-proofs';
import { EVIDENCE_PROOFS } from './support/evidence-proofs';
import { PROVIDER_PROOFS } from './support/provider-proofs';

/**
 * The ladder steps' proof sets (tests/unit/support/*-proofs.ts), one test per proof: the same proofs the mutation
 * check runs, so a step that breaks fails `npm test` as well.
 */
const SETS = { evidence: EVIDENCE_PROOFS, provider: PROVIDER_PROOFS, conclusion: CONCLUSION_PROOFS };

for (const [set, rows] of Object.entries(SETS))
  test.describe(`ladder step proofs: ${set}`, () => {
    for (const row of rows)
      test(row.name, async () => {
        expect(await row.check()).toBeUndefined();
      });
  });
