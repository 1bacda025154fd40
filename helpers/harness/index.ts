/**
 * The harness: one place builds a run, once per process, in pipeline order
 *
 *   config (env load + validation) → secret resolution → signing key → clock → scrubber
 *   → http client factory → mint → login (+ the issued token, once, lazily) → diagnose
 *
 * and every consumer (the CLI commands, the Playwright fixtures, the doctor, the benchmarks, playwright.config.ts)
 * holds a view of it instead of building its own parts:
 *
 *   const harness = await buildHarness({ variables: processEnv(), envName });
 *   const http = harness.http({ retries: 0 });
 *   const token = await harness.mint({ ttlMs: 60_000 });
 *
 * Layers (imports point down only; eslint.config.js enforces it):
 *   harness/                      top of helpers: builds a run from everything below
 *   doctor/, diagnosis/ (ladder)  explain a refusal; use token/, http/, auth/, env/
 *   auth/, browser/, cookies/, ws/, report/, token/, http/, redact/, clock/
 *   env/                          env files: loader, schema, the config type
 *   errors/                       the error classes and their codes
 *   diagnosis catalogue + Diagnosis type (catalogue.ts, entry.ts, entries/, diagnosis.ts): import nothing of the above
 *   secret/                       standalone: imports nothing outside itself (a backend can copy it)
 */
export { buildHarness, type BuildHarnessOptions, type HarnessStages } from './build-harness';
export { processHarness } from './process-harness';
export type { Harness, Who } from './harness';
export type { HttpClientOverrides } from './http-factory';
export { loadRunConfig, type RunConfig, type ConfigStages, type Variables } from './load-run-config';
