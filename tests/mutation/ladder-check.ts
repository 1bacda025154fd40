import { ASYMMETRIC, diagnoseRow, ROWS, rowMismatch } from '../unit/support/ladder-rows';

/**
 * The ladder table without the Playwright runner, for StrykerJS's command runner (`npm run mutation`): the same rows
 * and checks as tests/unit/diagnosis-ladder-table.test.ts, in one process that starts in about a second and stops at
 * the first row that fails (exit 1). Not a test suite of its own.
 */
for (const row of [...ROWS, ASYMMETRIC]) {
  const mismatch = await diagnoseRow(row).then(
    (report) => rowMismatch(row, report),
    (error: unknown) => `threw ${error instanceof Error ? error.message : 'an error'}`,
  );
  if (mismatch) {
    console.error(`FAIL ${row.name}: ${mismatch}`);
    process.exit(1);
  }
}
console.log(`${ROWS.length + 1} ladder rows pass`);
