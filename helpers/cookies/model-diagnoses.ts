import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import type { ModelVerdict } from './delivery-model';

export interface ModelRow {
  readonly cookie: string;
  readonly route: string;
  readonly crossSite: boolean;
  readonly verdict: ModelVerdict;
}

/** A model verdict of "not sent" turned into the diagnosis that explains it. */
export function diagnoseModelRow(row: ModelRow): Diagnosis | undefined {
  const { verdict } = row;
  if (verdict.sent) return undefined;
  const evidence = {
    cookie: row.cookie,
    route: row.route,
    crossSite: row.crossSite,
    reason: verdict.reason,
    detail: verdict.detail,
    engine: 'tough-cookie',
  };
  const summary = `${row.cookie} is not sent to ${row.route}: ${verdict.detail ?? verdict.reason ?? 'unknown'}`;
  switch (verdict.reason) {
    case 'path':
      return diagnosis('AC_COOKIE_PATH_EXCLUDES_ROUTE', summary, evidence);
    case 'samesite':
      return diagnosis('AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE', summary, evidence);
    case 'not-stored':
      return /samesite/i.test(verdict.detail ?? '')
        ? diagnosis('AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE', summary, evidence)
        : /prefix/i.test(verdict.detail ?? '')
          ? diagnosis('AC_COOKIE_PREFIX_VIOLATION', summary, evidence)
          : diagnosis('AC_COOKIE_NOT_DELIVERED', summary, evidence);
    case 'absent':
      return diagnosis('AC_COOKIE_NOT_SET', `${row.cookie} was never set, so it cannot reach ${row.route}`, evidence);
    default:
      return diagnosis('AC_COOKIE_NOT_DELIVERED', summary, evidence);
  }
}
