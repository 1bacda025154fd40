import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/env/paths';

/**
 * A file of an installed dependency, found the way Node resolves packages: in node_modules beside the project,
 * then in each parent's. In a clone that is the project's own node_modules; installed in a team's repository,
 * npm hoists the dependencies beside authcanary, into the repository's node_modules.
 */
export function dependencyPath(name: string, file: string): string {
  for (let dir = PROJECT_ROOT; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(PROJECT_ROOT, 'node_modules', name, file);
  }
}
