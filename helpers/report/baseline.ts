import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/authcanary-error';

/** The default name of the reviewed baseline file, in the team's repository (the working directory). */
export const DEFAULT_BASELINE_FILE = 'authcanary-baseline.json';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const entrySchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'expected a diagnosis code such as AC_WWW_AUTHENTICATE_MISSING'),
  /** Narrows the acknowledgment to the checks whose title contains this text; absent: every check of the code. */
  check: z.string().min(1).optional(),
  reason: z.string().trim().min(3, 'say why this finding is accepted (reviewed text)'),
  /** Last day (UTC) the acknowledgment holds; from the next day the finding fails the run again. */
  expires: z
    .string()
    .refine(
      (text) => DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)),
      'expected a calendar date such as 2026-12-31',
    )
    .optional(),
  /** Informational, written by `authcanary baseline`: the title and how many checks showed it then. */
  title: z.string().optional(),
  checks: z.number().int().nonnegative().optional(),
  /** Written by `authcanary baseline`: the suites the finding showed in; it is "fixed" only when one of them ran. */
  projects: z.array(z.string().min(1)).optional(),
});

const baselineSchema = z.object({
  schema: z.literal('authcanary/baseline/v1', { message: 'expected "authcanary/baseline/v1"' }),
  env: z.string().optional(),
  recordedAt: z.string().optional(),
  findings: z.array(entrySchema),
});

export type BaselineEntry = z.output<typeof entrySchema>;
export type Baseline = z.output<typeof baselineSchema>;

/** Reads and validates a baseline file: every problem named by its place in the file, exit 2, nothing run. */
export function readBaseline(file: string): Baseline {
  if (!existsSync(file))
    throw new ConfigError(
      `baseline ${file} does not exist`,
      [{ file, key: '(file)', message: 'not found' }],
      'record one with `authcanary baseline --env NAME`, or leave --baseline out',
    );
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigError(
      `baseline ${file} is not JSON`,
      [{ file, key: '(file)', message: 'not valid JSON' }],
      'fix the file (it is meant to be reviewed and edited by hand)',
    );
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    const issues: ConfigIssue[] = parsed.error.issues.map((issue) => ({
      file,
      key: issue.path.join('.') || '(file)',
      message: issue.message,
    }));
    throw new ConfigError(
      `baseline ${file} is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map((issue) => `  ${issue.key}  ${issue.message}`).join('\n')}`,
      issues,
      'each finding needs code and reason; check narrows it to matching check titles; expires is YYYY-MM-DD',
    );
  }
  return parsed.data;
}

/** True once the last day of the acknowledgment (UTC) is over. */
export function isExpired(entry: BaselineEntry, nowMs: number): boolean {
  return entry.expires !== undefined && nowMs >= Date.parse(`${entry.expires}T00:00:00Z`) + 86_400_000;
}
