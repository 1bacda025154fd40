import { CATALOGUE, type DiagnosisCode } from './catalogue';

/** One finding: a code from the catalogue, a one-line summary for this case, and the evidence (never a secret value). */
export interface Diagnosis {
  readonly code: DiagnosisCode;
  readonly summary: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

export function diagnosis(code: DiagnosisCode, summary: string, evidence: Record<string, unknown> = {}): Diagnosis {
  return { code, summary, evidence };
}

export function fixFor(code: DiagnosisCode): string {
  return CATALOGUE[code].fix;
}

/**
 * `[AC_SECRET_MISMATCH] (auth) summary` lines: the form failures carry in every report (Allure categories and the
 * summary read the code; the kind in parentheses says whether it is an auth finding, infra, inconclusive or config).
 */
export function formatDiagnoses(diagnoses: readonly Diagnosis[]): string {
  return diagnoses
    .map((entry) => `[${entry.code}] (${CATALOGUE[entry.code].kind}) ${entry.summary}\n    fix: ${fixFor(entry.code)}`)
    .join('\n');
}
