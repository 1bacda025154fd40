import { expect as base, test, type ExpectMatcherState } from '@playwright/test';
import { CATALOGUE } from '../helpers/diagnosis/catalogue';
import type { Refusal } from '../helpers/diagnosis/diagnose-refusal';
import { diagnosis, formatDiagnoses, type Diagnosis } from '../helpers/diagnosis/diagnosis';
import { declaredRefusalText, isDeclaredRefusal } from '../helpers/diagnosis/verdicts/declared-refusal';
import { processHarness, type Harness } from '../helpers/harness';
import { isInfraStatus, serverErrorDiagnosis } from '../helpers/http/status-verdict';
import { redactUrl } from '../helpers/redact/redact-headers';
import { refusalOf, type JudgedResponse, type RefusalOptions } from './refusal-of';

const EVIDENCE_CHARS = 600;

/**
 * `await expect(response).toBeAuthorized()` / `.toBeRefused()`: on failure the message is authcanary's diagnosis of
 * the exchange (code, kind, summary, evidence, fix), and the check is annotated with its codes (so summary.json, the
 * front page and the root-cause ranking count it) with the scrubbed diagnosis attached.
 */
export const expect = base.extend({
  async toBeAuthorized(this: ExpectMatcherState, received: JudgedResponse, options: RefusalOptions = {}) {
    const name = 'toBeAuthorized';
    const refusal = await refusalOf(received, options);
    const status = refusal.exchange.status;
    const pass = options.status !== undefined ? status === options.status : status >= 200 && status < 300;
    const wanted = options.status !== undefined ? `${options.status}` : 'a 2xx answer';
    if (pass || this.isNot)
      return {
        pass,
        name,
        message: () => `${headline(this, name, refusal)}: ${wanted} expected${this.isNot ? ' not to be' : ''}`,
      };
    const harness = await processHarness();
    const found = await diagnoseUnauthorized(harness, refusal, wanted);
    return { pass, name, message: await failure(this, name, harness, refusal, found) };
  },

  async toBeRefused(this: ExpectMatcherState, received: JudgedResponse, options: RefusalOptions = {}) {
    const name = 'toBeRefused';
    const harness = await processHarness();
    const refusal = await refusalOf(received, options);
    const status = refusal.exchange.status;
    const contract = harness.config.contract;
    const pass = options.status !== undefined ? status === options.status : isDeclaredRefusal(status, contract);
    const wanted = options.status !== undefined ? `${options.status}` : declaredRefusalText(contract);
    if (pass || this.isNot)
      return { pass, name, message: () => `${headline(this, name, refusal)}: ${wanted} expected` };
    const found = await diagnoseNotRefused(harness, refusal, wanted);
    return { pass, name, message: await failure(this, name, harness, refusal, found) };
  },
});

function route(refusal: Refusal): string {
  return `${refusal.method} ${new URL(refusal.url).pathname}`;
}

function headline(state: ExpectMatcherState, name: string, refusal: Refusal): string {
  const call = state.utils.matcherHint(name, 'response', '', { isNot: state.isNot });
  return `${call}\n${route(refusal)} answered ${refusal.exchange.status}`;
}

/** A token was sent and refused (or the call failed): the doctor's diagnosis, infrastructure first. */
async function diagnoseUnauthorized(harness: Harness, refusal: Refusal, wanted: string): Promise<readonly Diagnosis[]> {
  const status = refusal.exchange.status;
  const where = route(refusal);
  if (isInfraStatus(status)) {
    const infra = await serverErrorDiagnosis(refusal.exchange, where, async () => undefined);
    if (infra) return [infra];
  }
  if (status === 401 || status === 403 || status >= 500 || isDeclaredRefusal(status, harness.config.contract)) {
    const http = harness.http({ retries: 0 });
    try {
      const report = await harness.diagnose(refusal, http);
      await attach(harness, 'probes.json', {
        requests: report.requests,
        probes: report.probes,
        exchanges: http.records,
      });
      if (report.diagnoses.length > 0) return report.diagnoses;
    } finally {
      await http.close();
    }
  }
  return [diagnosis('AC_UNEXPECTED_STATUS', `${where} answered ${status}, expected ${wanted}`, { status })];
}

/** A request that must be refused was not: accepted (a finding), failed (infrastructure or a crash) or other. */
async function diagnoseNotRefused(harness: Harness, refusal: Refusal, wanted: string): Promise<readonly Diagnosis[]> {
  const status = refusal.exchange.status;
  const where = route(refusal);
  if (status >= 200 && status < 300)
    return [
      refusal.token
        ? diagnosis('AC_INVALID_TOKEN_ACCEPTED', `${where} accepted a token it must refuse (${status})`, { status })
        : diagnosis('AC_MISSING_CREDENTIALS_ACCEPTED', `${where} answered ${status} to a request without credentials`, {
            status,
          }),
    ];
  if (status >= 500) {
    const health = harness.config.target.healthPath;
    const http = harness.http({ retries: 0 });
    try {
      const infra = await serverErrorDiagnosis(refusal.exchange, where, async () =>
        health ? (await http.send(new URL(health, harness.config.target.baseUrl).href)).status : undefined,
      );
      if (infra) return [infra];
    } finally {
      await http.close();
    }
  }
  return [diagnosis('AC_UNEXPECTED_STATUS', `${where} answered ${status}, expected ${wanted}`, { status })];
}

/** Records the diagnoses on the check (annotations, scrubbed attachment) and returns the message: the diagnosis. */
async function failure(
  state: ExpectMatcherState,
  name: string,
  harness: Harness,
  refusal: Refusal,
  found: readonly Diagnosis[],
): Promise<() => string> {
  const { scrubber } = harness;
  const info = test.info();
  for (const entry of found)
    info.annotations.push({ type: 'diagnosis', description: scrubber.scrub(`${entry.code}: ${entry.summary}`) });
  await attach(harness, 'diagnosis.json', {
    exchange: refusal.exchange.record,
    diagnoses: found.map((entry) => ({ ...entry, title: CATALOGUE[entry.code].title, fix: CATALOGUE[entry.code].fix })),
  });
  const lines = found.map((entry) => {
    const evidence = JSON.stringify(entry.evidence);
    const shown = evidence.length > EVIDENCE_CHARS ? `${evidence.slice(0, EVIDENCE_CHARS)}…` : evidence;
    return `${formatDiagnoses([entry])}\n    evidence: ${shown}`;
  });
  const text = scrubber.scrub(
    `${headline(state, name, { ...refusal, url: redactUrl(refusal.url) })}\n${lines.join('\n')}`,
  );
  return () => text;
}

async function attach(harness: Harness, name: string, data: unknown): Promise<void> {
  await test.info().attach(name, {
    body: harness.scrubber.scrub(JSON.stringify(data, null, 2)),
    contentType: 'application/json',
  });
}
