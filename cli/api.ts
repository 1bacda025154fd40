/**
 * authcanary's programmatic API (`import … from 'authcanary'`; TypeScript, loaded through tsx like the CLI):
 *
 *   const code = await authcanary(['run', '--env', 'staging']);        // the CLI itself, returns the exit code
 *   const harness = await buildHarness({ variables: process.env, envName: 'staging' });
 *   const report = await harness.diagnose(refusal, harness.http({ retries: 0 }));
 */
export { main as authcanary } from './main';
export { buildHarness, type BuildHarnessOptions, type Harness, type Who } from '../helpers/harness';
export type { DiagnosisReport, Refusal } from '../helpers/diagnosis/diagnose-refusal';
export { formatDiagnoses, type Diagnosis } from '../helpers/diagnosis/diagnosis';
export { CATALOGUE, type DiagnosisCode } from '../helpers/diagnosis/catalogue';
export type { RunSummary } from '../helpers/report/summary';
export type { TargetConfig } from '../helpers/env/target-config';
