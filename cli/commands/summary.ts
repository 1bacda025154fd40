import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { renderJobSummary, renderWebhook } from '../../helpers/report/job-summary';
import type { RunSummary } from '../../helpers/report/summary';
import { flag, type ParsedArgs } from '../args';

export const SUMMARY_HELP = `authcanary summary [--from reports/summary.json] [--format markdown|webhook] [--url RUN_URL]
  Prints a run's summary for CI: markdown (verdict + root-cause table, for $GITHUB_STEP_SUMMARY), or a
  Slack/Teams-compatible webhook body ({"text": …}) — printed only when a new finding fails the run.
  Exit: 0 (also when nothing is printed), 2 usage error.`;

export function summaryCommand(args: ParsedArgs): number {
  const file = flag(args, 'from') ?? 'reports/summary.json';
  if (!existsSync(file)) throw new UsageError(`no summary at ${file}`, 'run the suites first, or pass --from FILE');
  const summary = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
  const format = flag(args, 'format') ?? 'markdown';
  if (format === 'markdown') {
    process.stdout.write(renderJobSummary(summary));
    return 0;
  }
  if (format === 'webhook') {
    const body = renderWebhook(summary, flag(args, 'url'));
    if (body) process.stdout.write(`${JSON.stringify(body)}\n`);
    return 0;
  }
  throw new UsageError(`--format ${format}: expected markdown or webhook`, 'write --format markdown');
}
