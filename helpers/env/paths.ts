import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project folders, located from this file so that any working directory works. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * authcanary installed as a package in a team's repository (it lives in a node_modules folder) rather than cloned.
 * Installed, the team's repository is the working directory: its env/ and reports/ are used, not the package's.
 */
export const INSTALLED = PROJECT_ROOT.split(sep).includes('node_modules');

/** Where env/ and reports/ live: the working directory when installed, else the cloned project's root. */
export const WORKSPACE_ROOT = INSTALLED ? `${process.cwd()}${sep}` : PROJECT_ROOT;
export const ENV_DIR = `${WORKSPACE_ROOT}env${sep}`;
export const REPORTS_DIR = `${WORKSPACE_ROOT}reports${sep}`;
