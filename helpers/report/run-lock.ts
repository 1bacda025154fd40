import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors/authcanary-error';

/**
 * One run at a time per reports folder: two runs writing the same summary, JUnit and Allure results corrupt each
 * other. The lock file holds the owner's pid; a lock whose process is gone is stale and taken over.
 */
export interface RunLock {
  release(): void;
}

export function acquireRunLock(reports: string): RunLock {
  const file = join(reports, '.run', 'lock');
  mkdirSync(join(reports, '.run'), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      const owner = Number(readOwner(file));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner))
        throw new UsageError(
          `another authcanary run (pid ${owner}) is writing ${reports}`,
          'wait for it to finish, or give this run its own folder with --reports DIR',
        );
      rmSync(file, { force: true });
    }
  }
  throw new UsageError(`cannot lock ${reports}`, 'give this run its own folder with --reports DIR');
}

/** Whether a live process other than this one holds the reports folder. */
export function lockedByAnother(reports: string): boolean {
  const owner = Number(readOwner(join(reports, '.run', 'lock')));
  return Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner);
}

function readOwner(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
