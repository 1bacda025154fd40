import type { Finding } from './findings';
import { rankFindings } from './findings';
import type { RunSummary } from './summary';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * The CI page's summary (GitHub's $GITHUB_STEP_SUMMARY, any markdown viewer): the verdict first, then the root
 * causes ranked with severity, baseline status, how many checks, and the fix; then fixed acknowledgments.
 */
export function renderJobSummary(summary: RunSummary): string {
  const { passed, failed, skipped, flaky } = summary.totals;
  const findings = rankFindings(summary.findings ?? []);
  const icon = summary.verdict === 'passed' ? '✅' : '❌';
  const lines = [
    `## ${icon} authcanary ${summary.verdict.toUpperCase()} — env \`${summary.env}\``,
    '',
    `${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky} flaky · ${findings.length} root cause${findings.length === 1 ? '' : 's'} · fails on: ${summary.failOn ?? 'error'}${summary.baseline ? ' · baseline applied' : ''} · ${(summary.durationMs / 1000).toFixed(1)} s`,
    '',
  ];
  for (const reason of summary.verdictReasons ?? []) lines.push(`- ${cell(reason)}`);
  if ((summary.verdictReasons ?? []).length > 0) lines.push('');
  if (findings.length > 0) {
    lines.push('| # | root cause | severity | status | checks | example | fix |', '|---|---|---|---|---|---|---|');
    findings.forEach((finding, index) => {
      lines.push(
        `| ${index + 1} | \`${finding.code}\` ${cell(finding.title)} | ${finding.severity} | ${statusLabel(finding)} | ${finding.checks} | ${cell(finding.places[0]?.summary ?? '')} | ${cell(finding.fix)} |`,
      );
    });
    lines.push('');
  }
  const fixed = summary.fixed ?? [];
  if (fixed.length > 0) {
    lines.push(
      `Fixed (acknowledged in the baseline, not seen in this run): ${fixed.map((entry) => `\`${entry.code}\``).join(', ')}`,
    );
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function statusLabel(finding: Finding): string {
  if (finding.status === 'known') return `known (${cell(finding.acknowledged?.reason ?? '')})`;
  if (finding.status === 'expired') return `**expired** ${finding.acknowledged?.expires ?? ''}`;
  return '**new**';
}

/** Findings that are new (or whose acknowledgment expired) and fail the run: what a notification is about. */
export function newFailures(summary: RunSummary): Finding[] {
  return (summary.findings ?? []).filter(
    (finding) =>
      finding.status === 'expired' ||
      (finding.status === 'new' && (finding.severity === 'error' || summary.failOn === 'warning')),
  );
}

/** A Slack/Teams-compatible incoming-webhook body (`{"text": …}`), or undefined when nothing new fails. */
export function renderWebhook(summary: RunSummary, runUrl?: string): { text: string } | undefined {
  const fresh = newFailures(summary);
  if (summary.verdict !== 'failed' || fresh.length === 0) return undefined;
  const causes = fresh.map(
    (finding) =>
      `• ${finding.code} (${finding.severity}, ${finding.status}) on ${finding.checks} check(s): ${finding.title}`,
  );
  return {
    text: [
      `authcanary FAILED on env ${summary.env}: ${fresh.length} new root cause(s)`,
      ...causes,
      ...(runUrl ? [runUrl] : []),
    ].join('\n'),
  };
}
