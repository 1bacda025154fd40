import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendHistory, historyEntry, historyOf } from '../helpers/report/history';
import { renderFrontPage } from '../helpers/report/front-page';
import type { RunSummary } from '../helpers/report/summary';

/**
 * After a run (or a merge): appends the run to history.json (kept in `historyDir`, carried across runs) and
 * writes index.html, the front page leading with the verdict and the ranked root causes. The page links only the
 * reports this run left in the folder (stale ones are removed before a run), and shows this environment's history.
 */
export function finishReports(reportsDir: string, summary: RunSummary, historyDir: string, label?: string): void {
  const history = appendHistory(join(historyDir, 'history.json'), historyEntry(summary, label));
  const links = {
    allure: existsSync(join(reportsDir, 'allure', 'index.html')),
    html: existsSync(join(reportsDir, 'html', 'index.html')),
    junit: existsSync(join(reportsDir, 'junit.xml')),
  };
  writeFileSync(join(reportsDir, 'index.html'), renderFrontPage(summary, historyOf(history, summary.env), links));
}
