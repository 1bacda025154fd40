import type { Clock } from '../../clock/clock';
import type { LoginToken } from '../../evidence/login-tokens';
import type { TargetConfig } from '../../env/target-config';
import type { HttpClient } from '../../http/http-client';
import type { HttpExchange } from '../../http/exchange';
import { bearerChallenge, type BearerChallenge } from '../../http/www-authenticate';
import type { SecretResolution } from '../../secret/resolve-secret';
import { decodeToken, type DecodedToken } from '../../token/decode-token';
import { isHmacAlg, type SigningKey } from '../../token/signing-key';
import type { Diagnosis } from '../diagnosis';
import { readSkew, type ClockReading } from '../passive/clock-skew';
import { causeFromReason, readServerReason, type ReasonCause, type ServerReason } from '../passive/server-reason';
import { tokenEvidence } from '../passive/token-vs-config';
import { ProbeRunner, type Delivery, type ProbeRecord } from '../probes/probe-runner';
import { keyHypotheses, type KeyHypothesis } from '../probes/secret-variants';

export interface DiagnoseContext {
  readonly config: TargetConfig;
  readonly resolution: SecretResolution;
  readonly key: SigningKey;
  readonly clock: Clock;
  /** A client for probes (its jar is not used). */
  readonly http: HttpClient;
  /** A token the target's own login issued, if one was obtained: the best witness of the target's key. */
  readonly issuedToken?: string | undefined;
  /** Maximum probe requests (at most 20 per diagnosis by default). */
  readonly budget?: number;
  /** A route of the same API that verified the issued token with the same key (e.g. its refresh), when one did. */
  readonly sameKeyVerifiedBy?: string | undefined;
  /** The run's variables: the environment a declared log or config command runs with (its cloud profile). */
  readonly variables?: Readonly<Record<string, string | undefined>> | undefined;
  /** Every token the target's login returned (ID, access, refresh), for the token-type differential. */
  readonly loginTokens?: readonly LoginToken[] | undefined;
}

export interface Refusal {
  readonly url: string;
  readonly method: string;
  /** The refused (or failed) response. */
  readonly exchange: HttpExchange;
  /** The token that was sent, if any, and how. */
  readonly token?: string | undefined;
  readonly delivery?: Delivery;
  /** Where the token came from: minted by the harness (default), issued by the target's login, or given by the user. */
  readonly tokenOrigin?: 'harness' | 'target' | 'given';
  /** Local time at the request, for skew. */
  readonly sentAtMs?: number;
  /** The status a valid identity gets on this route (default: any 2xx). A 403 here means the token was accepted. */
  readonly expectedStatus?: number;
}

/** What one step of the ladder did: shown in the report so a verdict can be traced to the step that gave it. */
export interface StepTrace {
  readonly step: string;
  /** Why it did not run (its needs were not met, or no request was left). */
  readonly skipped?: string;
  /** Requests it sent. */
  readonly spent: number;
  /** Codes it added. */
  readonly found: readonly string[];
}

export interface DiagnosisReport {
  /** Most specific first. Empty: nothing wrong found. */
  readonly diagnoses: Diagnosis[];
  readonly probes: readonly ProbeRecord[];
  readonly requests: number;
  readonly evidence: Readonly<Record<string, unknown>>;
  /** The steps in the order they were considered. */
  readonly steps: readonly StepTrace[];
}

/** A token read once: the raw form and, for a JWT, its header and payload. */
export interface ReadToken {
  readonly raw: string;
  readonly decoded?: DecodedToken | undefined;
}

/** Which key the harness holds verifies a token (source and fingerprint, never the key). */
export interface HeldKey {
  readonly source: string;
  readonly fingerprint: string;
}

/**
 * What steps learn and later steps read. Each field is written by one step (named beside it); a step added by another
 * module may add its own fields with `declare module '…/ladder-state' { interface LadderFacts { … } }`.
 */
export interface LadderFacts {
  /** held-keys: which key the harness holds verifies the refused token and the target's issued token. */
  refusedHeldKey?: HeldKey | undefined;
  issuedHeldKey?: HeldKey | undefined;
  /** valid-control: the harness's fresh token, by header, was accepted. */
  controlAccepted?: boolean;
  /** issued-token: the answer to the target's own token, and whether it was accepted. */
  issuedExchange?: HttpExchange | undefined;
  issuedAccepted?: boolean;
}

/** The one state every step reads and writes: the refusal read once, the evidence, the findings. */
export interface LadderState {
  readonly context: DiagnoseContext;
  readonly refusal: Refusal;
  readonly config: TargetConfig;
  readonly status: number;
  readonly probes: ProbeRunner;
  readonly challenge: BearerChallenge | undefined;
  readonly reason: ServerReason | undefined;
  readonly cause: ReasonCause | undefined;
  readonly skew: ClockReading | undefined;
  /** The refused token and the target's issued token, each decoded once. */
  readonly sent: ReadToken | undefined;
  readonly issued: ReadToken | undefined;
  /** HMAC: the keys worth trying; the chain's own candidates have requests kept for them (`reserve`). */
  readonly hypotheses: readonly KeyHypothesis[];
  readonly reserve: number;
  readonly facts: LadderFacts;
  readonly evidence: Record<string, unknown>;
  readonly notes: string[];
  readonly found: Diagnosis[];
  /** Adds a finding (once per code). */
  add(entry: Diagnosis | undefined): void;
  /** Ends the ladder after this step. */
  stop(): void;
  readonly stopped: boolean;
}

function readToken(token: string | undefined): ReadToken | undefined {
  if (!token) return undefined;
  const decoded = decodeToken(token);
  return { raw: token, decoded: decoded.ok ? decoded.token : undefined };
}

export function createLadderState(context: DiagnoseContext, refusal: Refusal): LadderState {
  const { config, clock } = context;
  const status = refusal.exchange.status;
  const probes = new ProbeRunner(
    context.http,
    config,
    { url: refusal.url, method: refusal.method },
    context.budget ?? 20,
    refusal.expectedStatus,
    status,
  );
  const challenge = bearerChallenge(refusal.exchange.header('www-authenticate'));
  const reason = readServerReason(refusal.exchange);
  const cause = causeFromReason(reason?.text);
  const skew = readSkew(refusal.exchange.header('date'), refusal.sentAtMs ?? clock.now());
  const hypotheses = isHmacAlg(config.jwt.alg) ? keyHypotheses(context.resolution) : [];
  const notes: string[] = [];
  const found: Diagnosis[] = [];
  let stopped = false;
  return {
    context,
    refusal,
    config,
    status,
    probes,
    challenge,
    reason,
    cause,
    skew,
    sent: readToken(refusal.token),
    issued: readToken(context.issuedToken),
    hypotheses,
    reserve: hypotheses.filter((hypothesis) => hypothesis.meaning !== 'AC_WEAK_SECRET_ACCEPTED').length,
    facts: {},
    evidence: {
      route: `${refusal.method} ${new URL(refusal.url).pathname}`,
      status,
      wwwAuthenticate: challenge
        ? { error: challenge.params['error'], error_description: challenge.params['error_description'] }
        : (refusal.exchange.header('www-authenticate') ?? null),
      serverReason: reason ?? null,
      serverReasonCause: cause ?? null,
      serverDate: skew?.serverDate ?? null,
      skewSeconds: skew ? Math.round(skew.skewMs / 1000) : null,
      leewaySeconds: config.jwt.leewayMs / 1000,
      harnessSecret: { source: context.resolution.source, fingerprint: context.resolution.fingerprint },
      tokenSent: tokenEvidence(refusal.token),
      issuedToken: tokenEvidence(context.issuedToken),
      notes,
    },
    notes,
    found,
    add(entry) {
      if (entry && !found.some((existing) => existing.code === entry.code)) found.push(entry);
    },
    stop() {
      stopped = true;
    },
    get stopped() {
      return stopped;
    },
  };
}
