import { randomBytes } from 'node:crypto';
import type { FaultCase } from './types';

/**
 * Issue 5's faults for the self-test runner: each must fail the WebSocket suite (project `websocket`) with the expected
 * diagnosis code. `env` goes to the target and the harness alike (the shared secret store). The healthy expectation:
 * with no fault, the WebSocket suite passes (exit 0, no AC_WS_* code).
 */

export const WEBSOCKET_FAULT_CASES: FaultCase[] = [
  { fault: 'ws-unauthenticated-fallback', suite: 'ws', expectedCode: 'AC_WS_UNAUTHENTICATED_ACCEPTED' },
  // Seed 002: the env-specific secret signs; the socket handler knows only the generic names, set to another value.
  {
    fault: 'ws-generic-secret-only',
    suite: 'ws',
    expectedCode: 'AC_WS_REST_DISAGREE',
    env: { JWT_SECRET_KEY: randomBytes(32).toString('base64url') },
  },
  { fault: 'ws-no-origin-check', suite: 'ws', expectedCode: 'AC_WS_ORIGIN_NOT_CHECKED' },
  { fault: 'ws-no-expiry-close', suite: 'ws', expectedCode: 'AC_WS_EXPIRY_NOT_ENFORCED' },
  { fault: 'ws-broadcast-leak', suite: 'ws', expectedCode: 'AC_WS_ISOLATION_BROKEN' },
  { fault: 'ws-bad-close-code', suite: 'ws', expectedCode: 'AC_WS_BAD_REFUSAL_CODE' },
  // Part 4: SameSite=Lax keeps the token cookie off the app page's cross-site WebSocket handshake (allowed world too).
  { fault: 'cookie-samesite-lax', suite: 'browser', expectedCode: 'AC_WS_BROWSER_CREDENTIAL_MISSING' },
];

/** With no fault the WebSocket suite passes and names no AC_WS_* code. */
export const WEBSOCKET_HEALTHY = {
  fault: '',
  suite: 'ws',
  expectedExitCode: 0,
  forbiddenCodePrefix: 'AC_WS_',
} as const;
