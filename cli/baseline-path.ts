import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_BASELINE_FILE } from '../helpers/report/baseline';
import { flag, type ParsedArgs } from './args';

/**
 * The baseline a run applies: --baseline FILE (relative to the working directory, the team's repository), else
 * ./authcanary-baseline.json when it exists, else none. `--baseline none` switches it off.
 */
export function baselinePath(args: ParsedArgs): string | undefined {
  const given = flag(args, 'baseline');
  if (given === 'none') return undefined;
  if (given !== undefined) return resolve(process.cwd(), given);
  const fallback = resolve(process.cwd(), DEFAULT_BASELINE_FILE);
  return existsSync(fallback) ? fallback : undefined;
}
