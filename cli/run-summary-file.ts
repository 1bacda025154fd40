import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnosis } from '../helpers/diagnosis/diagnosis';
import { CATALOGUE } from '../helpers/diagnosis/catalogue';
import type { TargetConfig } from '../helpers/env/target-config';
import { redactUrl } from '../helpers/redact/redact-headers';
import type { RunSummary } from '../helpers/report/summary';

/** What a run leaves that a later reader could take for this run's result. */
export function removeStaleResults(reports: string): void {
  for (const name of ['summary.json', 'junit.xml', 'index.html']) rmSync(join(reports, name), { force: true });
  for (const name of ['allure-results', 'allure', 'html', 'test-results'])
    rmSync(join(reports, name), { recursive: true, force: true });
}

export function readSummary(file: string): RunSummary | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
  } catch {
    return undefined;
  }
}

export function writeSummary(file: string, summary: RunSummary): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(temporary, file);
}

/** The summary of a run stopped by the preflight: no check ran, one infra finding. */
export function preflightSummary(config: TargetConfig, secret: RunSummary['secret'], found: Diagnosis): RunSummary {
  const kind = CATALOGUE[found.code].kind;
  return {
    schema: 'authcanary/summary/v1',
    env: config.envName,
    target: { baseUrl: redactUrl(config.target.baseUrl), authUrl: redactUrl(config.target.authUrl) },
    secret,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    verdict: 'infra',
    totals: { passed: 0, failed: 1, skipped: 0, flaky: 0 },
    diagnosisCounts: { [found.code]: 1 },
    kindCounts: { [kind]: 1 },
    diagnosisKinds: { [found.code]: kind },
    findings: [
      {
        code: found.code,
        severity: CATALOGUE[found.code].severity,
        title: CATALOGUE[found.code].title,
        fix: CATALOGUE[found.code].fix,
        checks: 1,
        places: [
          {
            checkId: 'preflight',
            title: 'preflight: the target answers',
            project: 'preflight',
            summary: found.summary,
          },
        ],
        status: 'new',
      },
    ],
    verdictReasons: [`${found.code}: the target could not be tested (preflight)`],
    checks: [
      {
        id: 'preflight',
        title: 'preflight: the target answers',
        file: '',
        project: 'preflight',
        status: 'failed',
        durationMs: 0,
        diagnoses: [{ code: found.code, summary: found.summary, kind }],
        kind,
      },
    ],
  };
}

/** Marks a summary as interrupted, or writes a minimal one when the run was stopped before Playwright wrote any. */
export function interruptedSummary(
  existing: RunSummary | undefined,
  config: TargetConfig,
  secret: RunSummary['secret'],
  startedAt: Date,
  signal: string,
): RunSummary {
  // What ran may all have passed, but the run is incomplete: never "passed" (infra: not fully tested).
  const ran = existing ? existing.checks.filter((check) => check.status !== 'skipped').length : 0;
  const reason = `interrupted by ${signal} after ${ran} of ${existing?.checks.length ?? 0} checks: the verdict covers only what ran`;
  if (existing)
    return {
      ...existing,
      verdict: existing.verdict === 'passed' ? 'infra' : existing.verdict,
      interrupted: true,
      interruptedBy: signal,
      verdictReasons: [...(existing.verdictReasons ?? []).filter((line) => !line.startsWith('interrupted by')), reason],
    };
  return {
    schema: 'authcanary/summary/v1',
    env: config.envName,
    target: { baseUrl: redactUrl(config.target.baseUrl), authUrl: redactUrl(config.target.authUrl) },
    secret,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    verdict: 'infra',
    interrupted: true,
    interruptedBy: signal,
    verdictReasons: [reason],
    totals: { passed: 0, failed: 0, skipped: 0, flaky: 0 },
    diagnosisCounts: {},
    checks: [],
  };
}
