import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Playwright keeps the TypeScript it compiled when TMPDIR is the system's: shared by runs, keyed by each file's
 * content and the compiler's options, so a changed file is compiled again and an unchanged one is not. It holds
 * compiled sources only, never a run's data.
 */
export function transformCacheDir(): string {
  return join(tmpdir(), `playwright-transform-cache-${process.geteuid?.() ?? 'user'}`);
}
