import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Once a check of this run has found the target unreachable, the next checks first ask whether it is still down
 * (one short probe) instead of waiting out their own timeouts. Playwright restarts a worker after a failure, so the
 * knowledge lives in the run's reports folder, not in memory. `authcanary run` removes it when a run starts.
 */
export const targetDownFile = (reports: string): string => join(reports, '.run', 'target-down.json');

export function markTargetDown(reports: string, detail: { code: string; summary: string }): void {
  mkdirSync(join(reports, '.run'), { recursive: true });
  writeFileSync(targetDownFile(reports), JSON.stringify({ ...detail, at: new Date().toISOString() }));
}

export function readTargetDown(reports: string): { code: string; summary: string } | undefined {
  try {
    return JSON.parse(readFileSync(targetDownFile(reports), 'utf8')) as { code: string; summary: string };
  } catch {
    return undefined;
  }
}

export function clearTargetDown(reports: string): void {
  rmSync(targetDownFile(reports), { force: true });
}
