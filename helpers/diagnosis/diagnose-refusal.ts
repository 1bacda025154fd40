import { createLadderState, type DiagnoseContext, type DiagnosisReport, type Refusal } from './ladder/ladder-state';
import { LADDER_STEPS } from './ladder/ladder-steps';
import { runLadder } from './ladder/run-ladder';

export type { DiagnoseContext, DiagnosisReport, Refusal } from './ladder/ladder-state';

/**
 * Explains why a request was refused (401/403, or a status BAD_TOKEN_STATUS declares) or failed (5xx, 429): the
 * declared steps of the ladder (ladder/ladder-steps.ts) run in order over one state. A hypothesis becomes the verdict
 * only when a probe confirms it; what is only suspected goes to `evidence.notes`.
 */
export function diagnoseRefusal(context: DiagnoseContext, refusal: Refusal): Promise<DiagnosisReport> {
  return runLadder(LADDER_STEPS, createLadderState(context, refusal));
}
