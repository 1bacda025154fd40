import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../errors/authcanary-error';
import { isRunning, killRun } from './run-processes';

/**
 * One run at a time per reports folder: two runs writing the same summary, JUnit and Allure results corrupt each
 * other. The lock file holds the owner's pid, its run id and its temporary folder. A lock whose process is gone is
 * stale: what that run left (its processes, still writing into the folder after a `kill -9`, and its temporary
 * folder with the browser profiles) is removed before the lock is taken over.
 */
export interface RunLock {
  release(): void;
}

export interface RunOwner {
  readonly pid: number;
  readonly runId?: string | undefined;
  readonly tmp?: string | undefined;
}

export async function acquireRunLock(reports: string, owner: Omit<RunOwner, 'pid'> = {}): Promise<RunLock> {
  const file = lockFile(reports);
  mkdirSync(join(reports, '.run'), { recursive: true });
  const content = JSON.stringify({ pid: process.pid, ...owner });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, content, { flag: 'wx' });
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      const previous = readOwner(file);
      if (previous && previous.pid !== process.pid && alive(previous.pid))
        throw new UsageError(
          `another authcanary run (pid ${previous.pid}) is writing ${reports}`,
          'wait for it to finish, or give this run its own folder with --reports DIR',
        );
      if (previous) await cleanUpAfter(previous);
      rmSync(file, { force: true });
    }
  }
  throw new UsageError(`cannot lock ${reports}`, 'give this run its own folder with --reports DIR');
}

/** Whether a live process other than this one holds the reports folder. */
export function lockedByAnother(reports: string): boolean {
  const owner = readOwner(lockFile(reports));
  return owner !== undefined && owner.pid !== process.pid && alive(owner.pid);
}

/** Stops what a dead run left running and removes its temporary folder. */
async function cleanUpAfter(owner: RunOwner): Promise<void> {
  if (owner.runId) await killRun(owner.runId);
  if (owner.tmp && isAbsolute(owner.tmp) && /authcanary-run-/.test(owner.tmp))
    rmSync(owner.tmp, { recursive: true, force: true });
}

const lockFile = (reports: string) => join(reports, '.run', 'lock');

/** The lock's owner; an older lock holds the pid alone. */
export function readOwner(file: string): RunOwner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const parsed = JSON.parse(text) as Partial<RunOwner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return {
      pid: parsed.pid,
      runId: typeof parsed.runId === 'string' ? parsed.runId : undefined,
      tmp: typeof parsed.tmp === 'string' ? parsed.tmp : undefined,
    };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
  // A zombie (killed, not yet reaped by its parent) holds nothing.
  return isRunning(pid);
}
