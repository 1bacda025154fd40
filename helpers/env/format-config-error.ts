import type { ConfigIssue } from '../errors/authcanary-error';

/** A table of problems: file, key, what is wrong. Never a value. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  const fileWidth = Math.max(4, ...issues.map((issue) => issue.file.length));
  const keyWidth = Math.max(3, ...issues.map((issue) => issue.key.length));
  return issues
    .map((issue) => `  ${issue.file.padEnd(fileWidth)}  ${issue.key.padEnd(keyWidth)}  ${issue.message}`)
    .join('\n');
}
