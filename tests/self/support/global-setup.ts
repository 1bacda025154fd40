import { clearTable } from './fault-table';

export default function globalSetup(): void {
  clearTable();
}
