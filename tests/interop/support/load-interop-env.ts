import { fileURLToPath } from 'node:url';
import { loadTargetConfig } from '../../../helpers/env/load-env';
import type { TargetConfig } from '../../../helpers/env/target-config';
import { HttpClient } from '../../../helpers/http/http-client';

export const INTEROP_ENV_DIR = fileURLToPath(new URL('../../../env/interop', import.meta.url));

/** The interop stack described by its env file alone; the stack's ports arrive as variables. */
export function loadInteropEnv(name: string, variables: Record<string, string>): TargetConfig {
  return loadTargetConfig({ envName: name, envDir: INTEROP_ENV_DIR, processVariables: variables }).config;
}

export function clientFor(config: TargetConfig): HttpClient {
  return new HttpClient({ timeoutMs: config.http.timeoutMs, retries: 0 });
}
