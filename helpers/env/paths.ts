import { fileURLToPath } from 'node:url';

/** Project folders, located from this file so that any working directory works. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ENV_DIR = fileURLToPath(new URL('../../env/', import.meta.url));
export const REPORTS_DIR = fileURLToPath(new URL('../../reports/', import.meta.url));
