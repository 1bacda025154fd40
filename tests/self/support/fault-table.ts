import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPORTS_DIR } from '../../../helpers/env/paths';

/** One row of the self-test's proof table: a fault (or the healthy target), whether it was caught, with the right code. */
export interface FaultRow {
  readonly row: string;
  readonly healthy: boolean;
  /** Healthy: flagged anyway. Fault: the run failed. */
  readonly detected: boolean;
  /** Healthy: passed clean. Fault: the expected code was among those reported (doctor: first). */
  readonly right: boolean;
  readonly codes: string;
}

const TABLE = join(REPORTS_DIR, 'self', 'fault-table.jsonl');

/** Rows go to a file, so the table survives worker restarts and is printed once, after every test (global teardown). */
export function recordRow(row: FaultRow): void {
  mkdirSync(dirname(TABLE), { recursive: true });
  appendFileSync(TABLE, `${JSON.stringify(row)}\n`);
}

export function clearTable(): void {
  rmSync(TABLE, { force: true });
}

export function renderTable(): string | undefined {
  if (!existsSync(TABLE)) return undefined;
  const rows = readFileSync(TABLE, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FaultRow);
  const width = Math.max(...rows.map((entry) => entry.row.length), 13);
  const lines = rows.map((entry) =>
    entry.healthy
      ? `${entry.row.padEnd(width)}  ${entry.detected ? 'FLAGGED ' : 'clean   '}  ${entry.right ? 'passes     ' : 'FALSE ALARM'}  ${entry.codes}`
      : `${entry.row.padEnd(width)}  ${entry.detected ? 'detected' : 'MISSED  '}  ${entry.right ? 'right code ' : 'WRONG CODE '}  ${entry.codes}`,
  );
  const missed = rows.filter((entry) => !entry.right || (entry.healthy ? entry.detected : !entry.detected)).length;
  return [
    `${'fault (suite)'.padEnd(width)}  detected  diagnosis    codes seen`,
    ...lines,
    `${rows.length - missed} of ${rows.length} rows right${missed ? `, ${missed} WRONG` : ''}`,
  ].join('\n');
}
