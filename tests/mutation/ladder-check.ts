import { LADDER_CHECKS } from '../unit/support/ladder-checks';
import { doctorInProcess } from '../unit/support/in-process-reference';
import { ASYMMETRIC, diagnoseRow, ROWS, rowMismatch } from '../unit/support/ladder-rows';
import { REFERENCE_ROWS, referenceRowMismatch } from '../unit/support/reference-rows';
import { CONCLUSION_PROOFS } from '../unit/support/conclusion-proofs';
import { EVIDENCE_PROOFS } from '../unit/support/evidence-proofs';
import { PROVIDER_PROOFS } from '../unit/support/provider-proofs';
import type { ProofRow } from '../unit/support/proof-row';

/**
 * The ladder's checks without the Playwright runner, for StrykerJS's command runner (`npm run mutation`): the checks
 * that need no target (order, caps, runner, probe counting, token times), then the rows of
 * tests/unit/diagnosis-ladder-table.test.ts, then the reference target's REST faults through the doctor
 * (tests/unit/diagnosis-reference-table.test.ts), then the declared proof sets of single steps, in one process that
 * stops at the first failure (exit 1). Not a test suite of its own.
 */
const fail = (what: string, why: string): never => {
  console.error(`FAIL ${what}: ${why}`);
  process.exit(1);
};
const message = (error: unknown) => (error instanceof Error ? error.message : 'an error');

const PROOF_SETS: Readonly<Record<string, readonly ProofRow[]>> = {
  evidence: EVIDENCE_PROOFS,
  provider: PROVIDER_PROOFS,
  conclusion: CONCLUSION_PROOFS,
};

for (const [name, check] of Object.entries(LADDER_CHECKS)) {
  await Promise.resolve()
    .then(check)
    .catch((error: unknown) => fail(name, message(error)));
}
for (const row of [...ROWS, ASYMMETRIC]) {
  const mismatch = await diagnoseRow(row).then(
    (report) => rowMismatch(row, report),
    (error: unknown) => `threw ${message(error)}`,
  );
  if (mismatch) fail(row.name, mismatch);
}
for (const row of REFERENCE_ROWS) {
  const mismatch = await doctorInProcess(row.row, row.replay).then(
    (report) => referenceRowMismatch(row, report),
    (error: unknown) => `threw ${message(error)}`,
  );
  if (mismatch) fail(`reference ${row.name}`, mismatch);
}
let proofs = 0;
for (const [set, rows] of Object.entries(PROOF_SETS))
  for (const row of rows) {
    const mismatch = await row.check().catch((error: unknown) => `threw ${message(error)}`);
    if (mismatch) fail(`${set} ${row.name}`, mismatch);
    proofs++;
  }
console.log(
  `${Object.keys(LADDER_CHECKS).length} checks, ${ROWS.length + 1} ladder rows, ${REFERENCE_ROWS.length} reference rows and ${proofs} step proofs pass`,
);
