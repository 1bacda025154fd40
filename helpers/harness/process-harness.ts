import { REFERENCE_PORT_VARIABLE } from '../env/reference-port';
import { processEnv } from '../env/process-env';
import { buildHarness } from './build-harness';
import type { Harness } from './harness';

let built: Promise<Harness> | undefined;

/**
 * The run's harness, built once per process from the process environment: playwright.config.ts and the worker
 * fixture of the same process share it. The embedded target's port may be unknown yet (the runner loads the config
 * before the target starts); in a worker it is set.
 */
export function processHarness(): Promise<Harness> {
  built ??= buildHarness({ variables: processEnv(), deferred: [REFERENCE_PORT_VARIABLE] });
  return built;
}
