import { isAbsolute, resolve } from 'node:path';
import { REPORTS_DIR, WORKSPACE_ROOT } from '../env/paths';

/** The variable `authcanary run --reports DIR` hands to Playwright; the self-test gives each case its own folder. */
export const REPORTS_DIR_VARIABLE = 'AUTHCANARY_REPORTS_DIR';

export function reportsDir(variables: Readonly<Record<string, string | undefined>>): string {
  const chosen = variables[REPORTS_DIR_VARIABLE];
  if (chosen === undefined || chosen === '') return REPORTS_DIR;
  return isAbsolute(chosen) ? chosen : resolve(WORKSPACE_ROOT, chosen);
}
