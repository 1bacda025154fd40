import type { DiagnosisReport, LadderState, StepTrace } from './ladder-state';
import { NEEDS, type LadderStep } from './ladder-step';

/**
 * Runs the declared steps in order over one state. A step runs when its needs hold, capped at the requests it
 * declares; the ladder ends after a step that calls `state.stop()`, or after the last one.
 */
export async function runLadder(steps: readonly LadderStep[], state: LadderState): Promise<DiagnosisReport> {
  const trace: StepTrace[] = [];
  for (const step of steps) {
    if (state.stopped) break;
    const missing = step.needs.filter((need) => !NEEDS[need](state));
    if (missing.length > 0) {
      if (missing.every((need) => need === 'spare-budget')) step.starved?.(state);
      trace.push({ step: step.name, skipped: `needs ${missing.join(', ')}`, spent: 0, found: [] });
      continue;
    }
    const before = { used: state.probes.used, found: state.found.length };
    state.probes.capAt(before.used + step.spends);
    try {
      await step.run(state);
    } finally {
      state.probes.capAt(Number.POSITIVE_INFINITY);
    }
    trace.push({
      step: step.name,
      spent: state.probes.used - before.used,
      found: state.found.slice(before.found).map((entry) => entry.code),
    });
  }
  return {
    diagnoses: state.found,
    probes: state.probes.records,
    requests: state.probes.used,
    evidence: { ...state.evidence, probes: state.probes.records },
    steps: trace,
  };
}

/** The step list as a person reads it: one line per step, in order (printed by the ladder-table test). */
export function describeLadder(steps: readonly LadderStep[]): string {
  return steps
    .map((step, index) => {
      const spends = step.spends === Number.POSITIVE_INFINITY ? 'the rest' : String(step.spends);
      const needs = step.needs.length > 0 ? step.needs.join(', ') : 'nothing';
      return `${String(index + 1).padStart(2)}. ${step.name} (needs ${needs}; spends ≤ ${spends}) → ${step.codes.join(', ') || 'facts only'}`;
    })
    .join('\n');
}
