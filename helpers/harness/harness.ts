import type { LoginResult } from '../auth/login';
import type { Clock } from '../clock/clock';
import type { DiagnosisReport, Refusal } from '../diagnosis/diagnose-refusal';
import type { DoctorReport, DoctorRequest } from '../doctor/doctor';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { Scrubber } from '../redact/scrubber';
import type { SecretResolution } from '../secret/resolve-secret';
import type { MintOptions } from '../token/mint-token';
import type { SigningKey } from '../token/signing-key';
import type { HttpClientOverrides } from './http-factory';
import type { Variables } from './load-run-config';

/** Who logs in: the env's test user or its admin. */
export type Who = 'user' | 'admin';

/**
 * Everything a run needs, built once per process in pipeline order (config → secret → signing key → clock → scrubber
 * → http client factory → mint → login → diagnose). Consumers hold views of it, never build their own parts.
 */
export interface Harness {
  /** The validated target description of the selected env. */
  readonly config: TargetConfig;
  /** Merged variables (files + process env). Holds secret values: only for resolvers (e.g. AUTHCANARY_CHROMIUM). */
  readonly variables: Variables;
  /** The resolved secret chain: source, fingerprint, warnings, candidates. */
  readonly secrets: SecretResolution;
  readonly signingKey: SigningKey;
  readonly clock: Clock;
  /** Knows every sensitive value of the run; every sink passes through it. */
  readonly scrubber: Scrubber;
  /** A new client with the env's transport settings (timeout, retries, CA); the caller closes it. */
  http(overrides?: HttpClientOverrides): HttpClient;
  /** A token for the test user from the env's claims; overrides make negative cases. */
  mint(overrides?: Partial<MintOptions>): Promise<string>;
  /** Logs in through the target's real flow on the given client (its jar receives the cookies). */
  login(http: HttpClient, who?: Who): Promise<LoginResult>;
  /**
   * A token from the target's own login, obtained once (on first call) on the harness's own client: the witness of
   * the target's key. Undefined if the login fails.
   */
  issuedToken(): Promise<string | undefined>;
  /** The doctor's diagnosis of a refused or failed exchange; probes go through `http` (use one without retries). */
  diagnose(refusal: Refusal, http: HttpClient): Promise<DiagnosisReport>;
  /** Replays one request and explains the answer (the `doctor` command). */
  doctor(request: DoctorRequest, http: HttpClient): Promise<DoctorReport>;
  /** Closes what the harness opened itself (the issued token's client). */
  close(): Promise<void>;
}
