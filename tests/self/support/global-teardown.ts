import { renderTable } from './fault-table';

/** Prints the self-test's table once, after all tests: fault → detected → right code. */
export default function globalTeardown(): void {
  const table = renderTable();
  if (table) console.log(`\nauthcanary self-test: every fault of the reference target\n${table}\n`);
}
