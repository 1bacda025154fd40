import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { PROJECT_ROOT } from '../helpers/env/paths';
import { dependencyPath } from './dependency-path';

export interface AllureOptions {
  readonly resultsDirs: readonly string[];
  readonly outputDir: string;
  readonly name: string;
  readonly historyFile?: string | undefined;
}

/** An Allure generator whose process is already up and has loaded its modules, waiting for the results to be complete. */
export interface PreparedAllure {
  /** The results are complete: generate the HTML report now. Resolves to Allure's exit code. */
  generate(): Promise<number>;
  /** No report after all (the run was interrupted): the waiting process ends without writing. */
  cancel(): void;
}

/**
 * Starts Allure's generator before the results exist: it loads its modules (≈ 1–4 s, most of its run time) while the
 * tests run, at a low CPU priority (nice 10), then waits on stdin (cli/allure-preload.mjs) and generates when `generate()` is called. With
 * `historyFile`, Allure 3 reads and appends its history there (a JSON-lines file kept outside the report, carried from
 * run to run), which gives the report its trend and per-test history.
 */
export function prepareAllure(options: AllureOptions, how: { readonly background?: boolean } = {}): PreparedAllure {
  const configFile = join(dirname(options.outputDir), 'allurerc.json');
  mkdirSync(dirname(configFile), { recursive: true });
  if (options.historyFile) mkdirSync(dirname(options.historyFile), { recursive: true });
  writeFileSync(
    configFile,
    `${JSON.stringify({ name: options.name, output: options.outputDir, ...(options.historyFile ? { historyPath: options.historyFile, historyLimit: 30 } : {}) }, null, 2)}\n`,
  );
  const allureCli = dependencyPath('allure', 'cli.js');
  const preload = join(PROJECT_ROOT, 'cli', 'allure-preload.mjs');
  const child = spawn(
    process.execPath,
    [
      '--import',
      preload,
      allureCli,
      'generate',
      ...options.resultsDirs,
      '--config',
      configFile,
      '--output',
      options.outputDir,
      '--name',
      options.name,
    ],
    { stdio: ['pipe', 'ignore', 'ignore'], cwd: PROJECT_ROOT },
  );
  // Loading while the checks run, it takes little of the CPU they need (nice 10); generating, it is raised
  // back to normal where the system allows it.
  const background = how.background ?? true;
  if (background) prioritize(child.pid, constants.priority.PRIORITY_BELOW_NORMAL);
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    child.on('error', () => resolve(1));
  });
  // A generator that died early (e.g. killed) must not fail the write below.
  child.stdin.on('error', () => undefined);
  // Waiting, it keeps nothing alive: if this process ends first, its stdin closes and it ends without writing.
  child.unref();
  (child.stdin as Writable & { unref(): void }).unref();
  return {
    generate() {
      if (background) prioritize(child.pid, constants.priority.PRIORITY_NORMAL);
      child.ref();
      child.stdin.end('go\n');
      return exited;
    },
    cancel() {
      child.stdin.end();
      child.kill();
    },
  };
}

/** Generates the Allure HTML report from one or more results folders that are already complete. */
export function generateAllure(options: AllureOptions): Promise<number> {
  return prepareAllure(options, { background: false }).generate();
}

/** Sets a process's scheduling priority; a system that refuses (raising it back needs privileges) keeps the old one. */
function prioritize(pid: number | undefined, priority: number): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, priority);
  } catch {
    // Only the speed of the report's preparation depends on it.
  }
}
