import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/**
 * Every process a run starts (Playwright, its workers, the reference target, Chromium, Allure) carries the run's id
 * in its environment. Playwright puts the web server and each browser in process groups of their own, so neither a
 * group nor a parent link finds them all once a parent has died; the id in /proc/<pid>/environ does.
 */
export const RUN_ID_VARIABLE = 'AUTHCANARY_RUN_ID';

export function newRunId(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The pids (not this process) whose environment holds `AUTHCANARY_RUN_ID=<runId>`. Empty where /proc is absent. */
export function runProcesses(runId: string): number[] {
  const marker = Buffer.from(`\0${RUN_ID_VARIABLE}=${runId}\0`);
  const first = Buffer.from(`${RUN_ID_VARIABLE}=${runId}\0`);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // gone, or another user's
    }
    if (environ.includes(marker) || environ.subarray(0, first.length).equals(first)) found.push(pid);
  }
  return found;
}

/** SIGKILLs every process of the run and waits (bounded) until none is left; returns the pids it found. */
export async function killRun(runId: string, waitMs = 3_000): Promise<number[]> {
  const pids = runProcesses(runId);
  for (const pid of pids) signalPid(pid, 'SIGKILL');
  const deadline = Date.now() + waitMs;
  while (pids.some(isRunning) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
  return pids;
}

export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Running and not a zombie waiting for its parent to reap it. */
export function isRunning(pid: number): boolean {
  try {
    // The state follows the command name in parentheses: Z is a zombie, X dead.
    return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    if (existsSync('/proc/self')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}
