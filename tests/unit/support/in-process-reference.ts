import { randomBytes } from 'node:crypto';
import type { DoctorReport, DoctorRequest } from '../../../helpers/doctor/doctor';
import { buildHarness } from '../../../helpers/harness/build-harness';
import type { Harness } from '../../../helpers/harness/harness';
import { createReferenceHandlers } from '../../../reference/start';
import type { FaultCase } from '../../self/cases/types';
import { inProcessDispatcher } from './in-process-dispatcher';

/** The origin the harness names; never connected to: the in-process dispatcher answers for it. */
export const REFERENCE_ORIGIN = 'http://127.0.0.1:9';

/** How the developer replays the request: the token the doctor logs in for, a given token, or a cookie. */
export type Replay =
  { kind: 'login' } | { kind: 'token'; token: string } | { kind: 'cookie'; encoding: 'base64url' | 'standard-base64' };

/**
 * The reference target's real handlers, built from the row's faults and env, reached in process by the run that
 * buildHarness builds (env → secret → key → clients → mint → login → diagnose), as the CLI builds it.
 */
export async function referenceRun(row: FaultCase): Promise<{ harness: Harness; close(): Promise<void> }> {
  const secret = row.env?.['JWT_SECRET_LOCAL'] ?? randomBytes(32).toString('base64url');
  const shared = { APP_ENV: 'local', JWT_SECRET_LOCAL: secret, ...row.env };
  const handlers = await createReferenceHandlers({ ...shared, ...row.targetEnv, REFERENCE_FAULTS: row.fault });
  const dispatcher = inProcessDispatcher(handlers.listener);
  const declared: Record<string, string> =
    row.declareTargetFingerprint && handlers.secrets.api
      ? { TARGET_SECRET_FINGERPRINT: handlers.secrets.api.fingerprint }
      : {};
  const harness = await buildHarness({
    envName: 'local',
    variables: {
      REFERENCE_TARGET: 'none',
      ...shared,
      ...row.harnessEnv,
      ...declared,
      REFERENCE_PORT: '9',
      TARGET_BASE_URL: REFERENCE_ORIGIN,
    },
    dispatcher,
  });
  return {
    harness,
    close: async () => {
      await harness.close();
      await dispatcher.close();
    },
  };
}

/** What `authcanary doctor --json` does for the row, against the reference's handlers in process. */
export async function doctorInProcess(row: FaultCase, replay: Replay = { kind: 'login' }): Promise<DoctorReport> {
  const run = await referenceRun(row);
  const client = run.harness.http({ retries: 0 });
  try {
    return await run.harness.doctor(await replayRequest(run.harness, `${REFERENCE_ORIGIN}/api/v1/me`, replay), client);
  } finally {
    await client.close();
    await run.close();
  }
}

async function replayRequest(harness: Harness, url: string, replay: Replay): Promise<DoctorRequest> {
  if (replay.kind === 'login') return { url, method: 'GET', headers: {} };
  if (replay.kind === 'token') return { url, method: 'GET', headers: {}, token: replay.token };
  // A fresh token whose standard-base64 form really differs (a + or / somewhere): some tokens encode the same in both,
  // and a form that differs only by `=` padding is accepted by lenient decoders (the row would be flaky).
  for (;;) {
    const minted = await harness.mint();
    const standard = minted
      .split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('base64'))
      .join('.');
    if (replay.encoding === 'standard-base64' && !/[+/]/.test(standard)) continue;
    const value = replay.encoding === 'base64url' ? minted : standard;
    return { url, method: 'GET', headers: {}, cookie: `${harness.config.tokenCookie ?? 'access_token'}=${value}` };
  }
}
