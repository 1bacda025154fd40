import type { CatalogueEntry } from './entry';
import { COOKIE_ENTRIES } from './entries/cookies';
import { EVIDENCE_ENTRIES } from './entries/evidence';
import { INFRA_ENTRIES } from './entries/infra';
import { OIDC_ENTRIES } from './entries/oidc';
import { REST_ENTRIES } from './entries/rest';
import { VERDICT_ENTRIES } from './entries/verdicts';
import { WEBSOCKET_ENTRIES } from './entries/websocket';

/**
 * The diagnosis catalogue: one stable code per cause, with what it means, the evidence that supports it and
 * the fix. Shared by the suites, the doctor, the Allure categories and docs/diagnoses.md (generated from here,
 * checked by a test). Codes never change meaning; new causes get new codes. Rows live by domain in entries/.
 */
export const CATALOGUE = {
  ...REST_ENTRIES,
  ...COOKIE_ENTRIES,
  ...WEBSOCKET_ENTRIES,
  ...INFRA_ENTRIES,
  ...OIDC_ENTRIES,
  ...EVIDENCE_ENTRIES,
  ...VERDICT_ENTRIES,
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosisCode = keyof typeof CATALOGUE;

export const DIAGNOSIS_CODES = Object.keys(CATALOGUE) as DiagnosisCode[];

export type { CatalogueEntry } from './entry';
