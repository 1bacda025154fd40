/** One row of the self-test: switch a fault on in the reference target, run one suite, expect one code. */
export interface FaultCase {
  /** REFERENCE_FAULTS value; '' for a configuration case with a healthy target. */
  readonly fault: string;
  /** Row name when it is not the fault's (configuration cases). */
  readonly label?: string;
  readonly suite: 'rest' | 'ws' | 'cookies' | 'browser';
  readonly expectedCode: string;
  /** Applies to the target and the harness alike: the shared secret store and deployment config. */
  readonly env?: Readonly<Record<string, string>>;
  /** Only the target sees these (its own configuration). */
  readonly targetEnv?: Readonly<Record<string, string>>;
  /** Only the harness sees these (what the test runner exports). */
  readonly harnessEnv?: Readonly<Record<string, string>>;
  /** When set, summary.json's root causes (its findings' codes), exactly: one fault, one root cause. */
  readonly rootCauses?: readonly string[];
  /** Give the harness TARGET_SECRET_FINGERPRINT as the target's API logs it at start-up. */
  readonly declareTargetFingerprint?: boolean;
}

export const SUITE_PROJECT: Record<FaultCase['suite'], string> = {
  rest: 'rest',
  ws: 'websocket',
  cookies: 'cookies',
  browser: 'browser',
};
