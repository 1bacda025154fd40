import { readFileSync } from 'node:fs';
import { RUN_ID_VARIABLE, killRun, runProcesses, signalPid } from '../helpers/report/run-processes';

/**
 * The one signal handler of a run's whole process tree. SIGINT or SIGTERM to the CLI (or the CLI's parent dying —
 * a shell between npm and the CLI does not pass signals on) sends SIGINT first to the CLI's own children:
 * Playwright stops its workers, writes its reports with every finished check, and stops the reference target;
 * Allure stops. Whatever is still running after `graceMs` gets SIGTERM, then SIGKILL: every process carrying the
 * run's id, wherever it sits in the tree (Playwright puts the web server and each browser in their own groups).
 */
export interface Interrupt {
  /** The first signal received, once one has been. */
  readonly signal: NodeJS.Signals | undefined;
  /** Settles with the first signal. */
  readonly signalled: Promise<NodeJS.Signals>;
  /** Removes the handlers (the run is over). */
  dispose(): void;
}

export const EXIT_ON_SIGNAL: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

export interface InterruptOptions {
  readonly runId: string;
  /** How long the children get to stop on SIGINT before SIGTERM; SIGKILL follows 2 s later. */
  readonly graceMs?: number;
  /** Called once, when the first signal arrives (e.g. to print a line). */
  readonly onSignal?: (signal: NodeJS.Signals) => void;
}

export function installInterrupt({ runId, graceMs = 10_000, onSignal }: InterruptOptions): Interrupt {
  // Every child of this process inherits the run's id, so it can be found after its parent has gone.
  process.env[RUN_ID_VARIABLE] = runId;
  let received: NodeJS.Signals | undefined;
  let receivedAt = 0;
  let settle: (signal: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => (settle = resolve));
  const timers: NodeJS.Timeout[] = [];
  const escalate = () => {
    for (const pid of runProcesses(runId)) signalPid(pid, 'SIGTERM');
    timers.push(setTimeout(() => void killRun(runId, 0), 2_000));
  };
  const handle = (signal: NodeJS.Signals) => {
    if (received === undefined) {
      received = signal;
      receivedAt = Date.now();
      onSignal?.(signal);
      for (const pid of childrenOf(process.pid, runId)) signalPid(pid, 'SIGINT');
      timers.push(setTimeout(escalate, graceMs));
      settle(signal);
      return;
    }
    // A terminal's Ctrl-C reaches npm and the CLI at once and npm passes it on: the same press arrives twice.
    // A signal after that second is the user insisting.
    if (Date.now() - receivedAt > 1_000) void killRun(runId, 0);
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) handle('SIGTERM');
  }, 500);
  watch.unref();
  return {
    get signal() {
      return received;
    },
    signalled,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      clearInterval(watch);
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

/** The run's processes whose parent is `pid`. */
function childrenOf(pid: number, runId: string): number[] {
  return runProcesses(runId).filter((child) => {
    try {
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      // Fields after the command name: state, then ppid.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
}
