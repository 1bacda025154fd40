import { LADDER_CHECKS } from '../unit/support/ladder-checks';
import { doctorInProcess } from '../unit/support/in-process-reference';
import { ASYMMETRIC, diagnoseRow, ROWS, rowMismatch } from '../unit/support/ladder-rows';
import { REFERENCE_ROWS, referenceRowMismatch } from '../unit/support/reference-rows';

/**
 * The ladder's checks without the Playwright runner, for StrykerJS's command runner (`npm run mutation`): the checks
 * that need no target (order, caps, runner, probe counting, token times), then the rows of
 * tests/unit/diagnosis-ladder-table.test.ts, then the reference target's REST faults through the doctor
 * (tests/unit/diagnosis-reference-table.test.ts), in one process that stops at the first failure (exit 1).
 * Not a test suite of its own.
 */
const fail = (what: string, why: string): never => {
  console.error(`FAIL ${what}: ${why}`);
  process.exit(1);
};
const message = (error: unknown) => (error instanceof Error ? error.message : 'an error');

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
console.log(
  `${Object.keys(LADDER_CHECKS).length} checks, ${ROWS.length + 1} ladder rows and ${REFERENCE_ROWS.length} reference rows pass`,
);
