import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunSummary } from './summary';

/** One run in history.json: enough to see "flaky since Tuesday" and "red since deploy X". */
export interface HistoryEntry {
  readonly startedAt: string;
  readonly env: string;
  readonly verdict: string;
  readonly totals: RunSummary['totals'];
  /** Root-cause codes of the run with how many checks each explained. */
  readonly codes: Readonly<Record<string, number>>;
  /** Codes that were new (not acknowledged) in that run. */
  readonly newCodes: readonly string[];
  /** Free label, e.g. the commit or deploy id the CI passes (AUTHCANARY_RUN_LABEL). */
  readonly label?: string | undefined;
}

export interface History {
  readonly schema: 'authcanary/history/v1';
  readonly runs: readonly HistoryEntry[];
}

export const HISTORY_LIMIT = 60;

export function readHistory(file: string): History {
  if (!existsSync(file)) return { schema: 'authcanary/history/v1', runs: [] };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as History;
    if (parsed.schema === 'authcanary/history/v1' && Array.isArray(parsed.runs)) return parsed;
  } catch {
    // a broken history is started afresh below rather than failing the run
  }
  return { schema: 'authcanary/history/v1', runs: [] };
}

export function historyEntry(summary: RunSummary, label?: string): HistoryEntry {
  const findings = summary.findings ?? [];
  return {
    startedAt: summary.startedAt,
    env: summary.env,
    verdict: summary.verdict,
    totals: summary.totals,
    codes: Object.fromEntries(findings.map((finding) => [finding.code, finding.checks])),
    newCodes: findings.filter((finding) => finding.status !== 'known').map((finding) => finding.code),
    ...(label ? { label } : {}),
  };
}

/** Appends this run (the newest last), keeping the last HISTORY_LIMIT runs; written atomically. */
export function appendHistory(file: string, entry: HistoryEntry): History {
  const previous = readHistory(file);
  const history: History = { schema: 'authcanary/history/v1', runs: [...previous.runs, entry].slice(-HISTORY_LIMIT) };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(history, null, 2)}\n`);
  renameSync(temporary, file);
  return history;
}

/** For each code of the newest run: since which run it has been seen without a break (oldest first). */
export function seenSince(history: History): Record<string, string> {
  const runs = history.runs;
  const newest = runs.at(-1);
  if (!newest) return {};
  const since: Record<string, string> = {};
  for (const code of Object.keys(newest.codes)) {
    let index = runs.length - 1;
    while (index > 0 && (runs[index - 1]?.codes[code] ?? 0) > 0) index--;
    since[code] = runs[index]?.startedAt ?? newest.startedAt;
  }
  return since;
}

/** The runs of one environment: the trend and "seen since" never mix environments. */
export function historyOf(history: History, env: string): History {
  return { ...history, runs: history.runs.filter((run) => run.env === env) };
}

/** Allure's history file for one environment (Allure's trend would otherwise mix environments). */
export function allureHistoryName(env: string): string {
  return `allure-history-${env.replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl`;
}
