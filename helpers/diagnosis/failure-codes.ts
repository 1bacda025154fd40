import { CATALOGUE, type DiagnosisCode } from './catalogue';
import { combineKinds, type VerdictKind } from './verdict-kind';

const CODE_TAG = /\[(AC_[A-Z0-9_]+)\]\s*(?:\((?:auth|infra|inconclusive|config)\)\s*)?([^\n]*)/g;

export const isDiagnosisCode = (code: string): code is DiagnosisCode => Object.hasOwn(CATALOGUE, code);

export const kindOf = (code: string): VerdictKind | undefined =>
  isDiagnosisCode(code) ? CATALOGUE[code].kind : undefined;

/** `[AC_…] (kind) summary` tags found in failure messages (a coded error thrown anywhere carries one). */
export function codesInMessages(messages: readonly string[]): { code: DiagnosisCode; summary: string }[] {
  const found: { code: DiagnosisCode; summary: string }[] = [];
  for (const message of messages)
    for (const match of message.matchAll(CODE_TAG)) {
      const code = match[1] as string;
      if (isDiagnosisCode(code) && !found.some((entry) => entry.code === code))
        found.push({ code, summary: (match[2] ?? '').trim() });
    }
  return found;
}

/** The verdict kind of a failed check from its codes; a failure without any known code is an auth finding. */
export function kindOfCodes(codes: Iterable<string>): VerdictKind {
  const kinds: VerdictKind[] = [];
  for (const code of codes) {
    const kind = kindOf(code);
    if (kind) kinds.push(kind);
  }
  return combineKinds(kinds) ?? 'auth';
}
