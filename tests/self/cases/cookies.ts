import type { FaultCase } from './types';

/**
 * Issue 4's faults for the self-test runner: each must fail the named suite with the expected diagnosis code.
 * A fault may be listed for both suites when the browser confirms what the model found.
 */
export const COOKIE_FAULT_CASES: FaultCase[] = [
  { fault: 'cookie-refresh-path', suite: 'cookies', expectedCode: 'AC_COOKIE_PATH_EXCLUDES_ROUTE' },
  { fault: 'cookie-samesite-lax', suite: 'cookies', expectedCode: 'AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE' },
  { fault: 'cookie-samesite-none-insecure', suite: 'cookies', expectedCode: 'AC_COOKIE_SAMESITE_NONE_INSECURE' },
  { fault: 'logout-wrong-path', suite: 'cookies', expectedCode: 'AC_COOKIE_LOGOUT_NOT_CLEARED' },
  { fault: 'apigw-headers-cookie-only', suite: 'cookies', expectedCode: 'AC_COOKIE_IGNORED' },
  { fault: 'cookie-oversized', suite: 'cookies', expectedCode: 'AC_COOKIE_OVERSIZED' },
  { fault: 'logout-keeps-storage', suite: 'browser', expectedCode: 'AC_COOKIE_STORAGE_SURVIVES_LOGOUT' },
  { fault: 'sw-caches-auth', suite: 'browser', expectedCode: 'AC_COOKIE_SW_SERVES_AUTH' },
  { fault: 'cookie-samesite-lax', suite: 'browser', expectedCode: 'AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE' },
  { fault: 'cookie-samesite-none-insecure', suite: 'browser', expectedCode: 'AC_COOKIE_SAMESITE_NONE_INSECURE' },
  { fault: 'logout-wrong-path', suite: 'browser', expectedCode: 'AC_COOKIE_LOGOUT_NOT_CLEARED' },
  { fault: 'cookie-oversized', suite: 'browser', expectedCode: 'AC_COOKIE_OVERSIZED' },
  // The other session and cookie-attribute faults are proven in-process (tests/unit/session-checks.test.ts); these rows
  // prove the wiring end to end: the session spec, the CDP capture, the all-cookies read after logout.
  { fault: 'csrf-unprotected', suite: 'cookies', expectedCode: 'AC_CSRF_UNPROTECTED' },
  // Chromium reports the Partitioned line stored; the capture knows better. And a refresh cookie at a narrow Path that
  // survives logout is seen by reading all of the context's cookies.
  { fault: 'cookie-partitioned-insecure', suite: 'browser', expectedCode: 'AC_COOKIE_PARTITIONED_INSECURE' },
  { fault: 'cookie-refresh-path', suite: 'browser', expectedCode: 'AC_COOKIE_LOGOUT_NOT_CLEARED' },
];
