import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offsetClock, systemClock } from '../../../helpers/clock/clock';
import type { DiagnosisCode } from '../../../helpers/diagnosis/catalogue';
import { diagnoseRefusal, type DiagnosisReport } from '../../../helpers/diagnosis/diagnose-refusal';
import { tokensInLogin } from '../../../helpers/evidence/login-tokens';
import type { LadderState } from '../../../helpers/diagnosis/ladder/ladder-state';
import type { LadderStep } from '../../../helpers/diagnosis/ladder/ladder-step';
import { buildHarness } from '../../../helpers/harness/build-harness';
import type { Harness } from '../../../helpers/harness/harness';
import { inProcessDispatcher } from './in-process-dispatcher';
import { ranOf } from './ladder-traces';
import { sendRefused } from './send-refused';
import type { ProofRow } from './proof-row';

/**
 * A silent backend reached in process: every refusal is a bare `{"message":"Unauthorized"}` 401 (as seed 000's API
 * Gateway answered), so the response names no cause. What the API really thought goes where a real one puts it: its
 * log (a line with the request's X-Request-Id, in the file TARGET_LOG_FILE names), its deployed settings (served at
 * the URL TARGET_CONFIG_URL names), and its login's several tokens. The run is built by the real buildHarness, its
 * requests reach the handler through an in-process dispatcher (no socket), and the refusal is diagnosed as a suite
 * diagnoses it.
 */

export const SILENT_SECRET = randomBytes(32).toString('base64url');
/** The origin the requests name: never connected to, the in-process dispatcher answers for it. */
export const ORIGIN = 'http://127.0.0.1:9';
export const DEPLOYED_URL = `${ORIGIN}/deployed-config`;

/** What the API's verifier saw of one request. */
export interface Seen {
  readonly token: string | undefined;
  readonly requestId: string;
  readonly atMs: number;
}

export interface SilentCase {
  readonly name: string;
  /** Env variables on top of env/local.env; `log` is this case's own (fresh) log file. */
  readonly env?: (paths: { log: string; dir: string }) => Record<string, string>;
  /** Lines already in the log before the request (other, older requests). */
  readonly logBefore?: (nowMs: number) => readonly string[];
  /** The API's verifier: undefined accepts the token; otherwise the message its library gave. */
  readonly verify: (seen: Seen) => string | undefined | Promise<string | undefined>;
  /** The lines the API logs for a refusal (default: a stamped line with the request id and the message). */
  readonly logLines?: (message: string, seen: Seen) => readonly string[];
  /** Where the API reads the token (default: the Authorization header, then the access_token cookie). */
  readonly reads?: 'header' | 'cookie' | 'both';
  /** The login's JSON answer (default: no login, 401). */
  readonly login?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** What the deployed-config URL answers (default: 404). */
  readonly deployed?: string;
  /** The refused token: the harness's mint (default), the login's token, or one the case makes. */
  readonly sent?: 'mint' | 'login' | ((harness: Harness) => Promise<string> | string);
  readonly delivery?: 'header' | 'cookie';
  readonly tokenOrigin?: 'harness' | 'target' | 'given';
  /** The requests the ladder may send (default: the harness's own, 20). */
  readonly budget?: number;
  /** The diagnosis runs this long after the request was sent (the harness's clock is that far ahead). */
  readonly diagnosedLaterMs?: number;
  readonly first: DiagnosisCode | 'none';
  /** What the first diagnosis's summary (the line a user reads) must say. */
  readonly summary?: RegExp;
  /** The steps run, in ladder-traces' notation (positions in the step list, `×` requests spent). */
  readonly ran: string;
  readonly never?: readonly DiagnosisCode[];
  /** Notes the report must hold (each pattern matches one note), and notes it must not. */
  readonly notes?: readonly RegExp[];
  readonly noNotes?: readonly RegExp[];
  /** Further checks of the report: what did not hold, or undefined. */
  readonly check?: (report: DiagnosisReport, seen: readonly Seen[]) => string | undefined;
}

function readToken(req: IncomingMessage, reads: 'header' | 'cookie' | 'both'): string | undefined {
  if (reads !== 'cookie') {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (match) return match[1];
  }
  if (reads !== 'header')
    for (const pair of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = pair.trim().split('=');
      if (name === 'access_token') return value.join('=');
    }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type }).end(body);
}

/** Plays the case's backend in process, builds the run, sends the token, diagnoses the refusal. */
export async function diagnoseSilent(proof: SilentCase): Promise<{ report: DiagnosisReport; seen: readonly Seen[] }> {
  // A folder of its own for the log and any dump, removed afterwards (the mutation check runs this once per mutant).
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-evidence-proof-'));
  try {
    return await diagnoseIn(proof, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function diagnoseIn(proof: SilentCase, dir: string): Promise<{ report: DiagnosisReport; seen: readonly Seen[] }> {
  const log = join(dir, 'api.log');
  writeFileSync(log, (proof.logBefore?.(Date.now()) ?? []).map((line) => `${line}\n`).join(''));
  const seen: Seen[] = [];
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', ORIGIN).pathname;
    if (path === '/health') return send(res, 200, '{"status":"ok"}');
    if (path === '/deployed-config')
      return proof.deployed === undefined
        ? send(res, 404, '{"message":"Not Found"}')
        : send(res, 200, proof.deployed, 'text/plain');
    if (path === '/api/v1/auth/login')
      return proof.login
        ? send(res, 200, JSON.stringify(await proof.login()))
        : send(res, 401, '{"message":"Unauthorized"}');
    const entry = {
      token: readToken(req, proof.reads ?? 'both'),
      requestId: String(req.headers['x-request-id'] ?? '-'),
      atMs: Date.now(),
    };
    seen.push(entry);
    const message = await proof.verify(entry);
    if (message === undefined) return send(res, 200, '{"sub":"alice"}');
    const lines = proof.logLines?.(message, entry) ?? [
      `${new Date(entry.atMs).toISOString()} ${entry.requestId} auth: ${message}`,
    ];
    appendFileSync(log, lines.map((line) => `${line}\n`).join(''));
    send(res, 401, '{"message":"Unauthorized"}');
  };
  const dispatcher = inProcessDispatcher((req, res) => void handler(req, res));
  const harness = await buildHarness({
    envName: 'local',
    variables: {
      REFERENCE_TARGET: 'none',
      JWT_SECRET_LOCAL: SILENT_SECRET,
      PATH: process.env['PATH'],
      ...proof.env?.({ log, dir }),
      TARGET_BASE_URL: ORIGIN,
      REFERENCE_PORT: '9',
    },
    dispatcher,
    ...(proof.diagnosedLaterMs ? { clock: offsetClock(systemClock, proof.diagnosedLaterMs) } : {}),
  });
  const client = harness.http({ retries: 0 });
  try {
    const sent = proof.sent ?? 'mint';
    const token =
      sent === 'mint' ? await harness.mint() : sent === 'login' ? await harness.issuedToken() : await sent(harness);
    if (!token) throw new Error('no token to send (the login gave none)');
    const refusal = await sendRefused(
      client,
      `${ORIGIN}/api/v1/me`,
      token,
      proof.delivery ?? 'header',
      proof.tokenOrigin ?? (sent === 'login' ? 'target' : 'harness'),
    );
    if (proof.budget === undefined) return { report: await harness.diagnose(refusal, client), seen };
    // The login's several tokens, as buildHarness's own diagnose collects them (it keeps them to itself).
    const witness = harness.http({ retries: 0 });
    const login = await harness.login(witness).catch(() => undefined);
    await witness.close();
    const report = await diagnoseRefusal(
      {
        config: harness.config,
        resolution: harness.secrets,
        key: harness.signingKey,
        clock: harness.clock,
        http: client,
        variables: harness.variables,
        issuedToken: await harness.issuedToken(),
        loginTokens: tokensInLogin(login?.exchange),
        budget: proof.budget,
      },
      refusal,
    );
    return { report, seen };
  } finally {
    await client.close();
    await harness.close();
    await dispatcher.close();
  }
}

/** Why a report does not satisfy its case, or undefined when it does. */
export function silentMismatch(proof: SilentCase, report: DiagnosisReport, seen: readonly Seen[]): string | undefined {
  const codes = report.diagnoses.map((entry) => entry.code);
  if (proof.first === 'none' ? codes.length > 0 : codes[0] !== proof.first)
    return `first code ${codes[0] ?? 'none'}, expected ${proof.first}`;
  const summary = report.diagnoses[0]?.summary ?? '';
  if (proof.summary && !proof.summary.test(summary)) return `summary differs: ${summary}`;
  const forbidden = (proof.never ?? []).filter((code) => codes.includes(code));
  if (forbidden.length) return `names ${forbidden.join(', ')}`;
  const ran = ranOf(report);
  if (ran !== proof.ran) return `ran ${ran}, expected ${proof.ran}`;
  const notes = (report.evidence['notes'] as string[] | undefined) ?? [];
  const missing = (proof.notes ?? []).find((pattern) => !notes.some((note) => pattern.test(note)));
  if (missing) return `no note matches ${missing} (notes: ${JSON.stringify(notes)})`;
  const unwanted = (proof.noNotes ?? []).find((pattern) => notes.some((note) => pattern.test(note)));
  if (unwanted) return `a note matches ${unwanted}`;
  return proof.check?.(report, seen);
}

/** The case as a proof of the mutation check and the Playwright test. */
export function silentProof(proof: SilentCase): ProofRow {
  return {
    name: proof.name,
    check: () => diagnoseSilent(proof).then(({ report, seen }) => silentMismatch(proof, report, seen)),
  };
}

/**
 * A step run alone on a state whose needs are unmet (the runner would skip it): it must send, find and note nothing.
 * `extra` adds to the bare state what the step reads; it gets the list where findings (and anything sent) land.
 */
export function aloneDoesNothing(
  name: string,
  step: LadderStep,
  extra: (found: unknown[]) => Record<string, unknown> = () => ({}),
): ProofRow {
  return {
    name,
    async check() {
      const notes: string[] = [];
      const found: unknown[] = [];
      const state = {
        config: { evidence: {} },
        context: {},
        refusal: {},
        notes,
        evidence: {},
        facts: {},
        add: (entry: unknown) => found.push(entry),
        stop: () => found.push('stop'),
        ...extra(found),
      } as unknown as LadderState;
      try {
        await step.run(state);
      } catch (error) {
        return `threw ${(error as Error).message}`;
      }
      return found.length || notes.length ? 'it sent, found or noted something' : undefined;
    },
  };
}
