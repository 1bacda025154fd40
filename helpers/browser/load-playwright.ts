import { createRequire } from 'node:module';
import type { PlaywrightCore } from './playwright-types';

let core: PlaywrightCore | undefined;

/** playwright-core costs ≈0.5 s to import: load it on the first browser check, once. */
export function loadPlaywright(): PlaywrightCore {
  core ??= createRequire(import.meta.url)('playwright-core') as PlaywrightCore;
  return core;
}
