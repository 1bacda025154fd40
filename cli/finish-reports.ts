import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendHistory, historyEntry } from '../helpers/report/history';
import { renderFrontPage } from '../helpers/report/front-page';
import type { RunSummary } from '../helpers/report/summary';

/**
 * After a run (or a merge): appends the run to history.json (kept in `historyDir`, carried across runs) and
 * writes index.html, the front page leading with the verdict and the ranked root causes.
 */
export function finishReports(reportsDir: string, summary: RunSummary, historyDir: string, label?: string): void {
  const history = appendHistory(join(historyDir, 'history.json'), historyEntry(summary, label));
  writeFileSync(join(reportsDir, 'index.html'), renderFrontPage(summary, history));
}
