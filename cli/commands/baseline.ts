import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '../../helpers/clock/clock';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { DEFAULT_BASELINE_FILE, readBaseline, type Baseline, type BaselineEntry } from '../../helpers/report/baseline';
import { reportsDir, REPORTS_DIR_VARIABLE } from '../../helpers/report/reports-dir';
import type { RunSummary } from '../../helpers/report/summary';
import { flag, type ParsedArgs } from '../args';
import { runCommand } from './run';

export const BASELINE_HELP = `authcanary baseline [--env NAME] [--baseline FILE] [--from SUMMARY.json] [--reason TEXT] [--expires YYYY-MM-DD]
                    [--reports DIR] [-- playwright args]
  Records today's findings (one per root cause) in a reviewed file (default ./authcanary-baseline.json, in the
  team's repository): code, a reason, an optional expiry date. Runs the suites first unless --from names a
  summary.json. Reasons and dates already in the file are kept. Later runs mark each finding new, known or
  fixed; known findings do not fail the run; an expired acknowledgment does.
  Exit: 0 written, 2 configuration or usage error.`;

export async function baselineCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const file = resolve(process.cwd(), flag(args, 'baseline') ?? DEFAULT_BASELINE_FILE);
  const expires = flag(args, 'expires');
  if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires))
    throw new UsageError(`--expires ${expires}: expected a date such as 2026-12-31`, 'write --expires YYYY-MM-DD');
  const previous: Baseline | undefined = existsSync(file) ? readBaseline(file) : undefined;

  let summaryFile = flag(args, 'from');
  if (summaryFile === undefined) {
    // The run records every finding as it is today: no baseline applied, so nothing is hidden as "known".
    const flags = new Map(args.flags);
    flags.set('baseline', ['none']);
    const runArgs: ParsedArgs = { ...args, flags };
    await runCommand(runArgs, variables);
    const reportsFlag = flag(args, 'reports');
    summaryFile = join(
      reportsDir({ ...variables, ...(reportsFlag ? { [REPORTS_DIR_VARIABLE]: reportsFlag } : {}) }),
      'summary.json',
    );
  }
  if (!existsSync(summaryFile))
    throw new UsageError(`no summary at ${summaryFile}`, 'run the suites first (authcanary run), or pass --from FILE');
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary;

  const reason = flag(args, 'reason');
  const findings: BaselineEntry[] = [];
  for (const finding of summary.findings ?? []) {
    const kept = previous?.findings.filter((entry) => entry.code === finding.code) ?? [];
    if (kept.length > 0) {
      findings.push(
        ...kept.map((entry) => ({
          ...entry,
          title: finding.title,
          checks: finding.checks,
          projects: projectsOf(finding),
        })),
      );
      continue;
    }
    findings.push({
      code: finding.code,
      reason: reason ?? `UNREVIEWED (${finding.severity}): recorded by authcanary baseline; say why it is accepted`,
      ...(expires ? { expires } : {}),
      title: finding.title,
      checks: finding.checks,
      projects: projectsOf(finding),
    });
  }
  const baseline: Baseline = {
    schema: 'authcanary/baseline/v1',
    env: summary.env,
    recordedAt: new Date(systemClock.now()).toISOString(),
    findings,
  };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(baseline, null, 2)}\n`);
  renameSync(temporary, file);
  console.log(
    `baseline: ${findings.length} finding${findings.length === 1 ? '' : 's'} of env ${summary.env} written to ${file}; review each reason (and expiry) before committing it`,
  );
  return 0;
}

/** The suites a finding showed in: its entry counts as fixed later only in a run where one of them ran. */
function projectsOf(finding: { readonly places: readonly { readonly project: string }[] }): string[] {
  return [...new Set(finding.places.map((place) => place.project))].sort();
}
