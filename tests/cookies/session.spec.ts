import {
  checkCsrf,
  checkOldTokensAfterLogout,
  checkRefreshReuse,
  checkSessionRotation,
  checkTokenTypeConfusion,
  type SessionCheckResult,
  type SessionTools,
} from '../../helpers/cookies/session-checks';
import { createSessionTools } from '../../helpers/cookies/session-tools';
import { test } from '../fixtures';

/**
 * Session attacks a correct target refuses, each paired with a valid control (helpers/cookies/session-checks.ts):
 * old tokens after logout, refresh/ID token as access token, session fixation, CSRF, refresh-token reuse.
 */
const CHECKS: ReadonlyArray<readonly [string, (tools: SessionTools) => Promise<SessionCheckResult>]> = [
  ['tokens from before logout are refused (COOKIE_LOGOUT_REVOKES)', checkOldTokensAfterLogout],
  ['a refresh or ID token is refused as an access token', checkTokenTypeConfusion],
  ['the session cookie is rotated at login (session fixation)', checkSessionRotation],
  ['a state-changing request with the session cookie from a foreign origin is refused (CSRF)', checkCsrf],
  ['a rotated refresh token is refused when used again (REFRESH_ROTATES)', checkRefreshReuse],
];

test.describe('sessions', () => {
  for (const [title, check] of CHECKS) {
    test(title, async ({ target, harness, attach, failWith, report, scrubber }) => {
      test.skip(target.cookies === undefined, 'the env declares no cookies (COOKIE_EXPECT)');
      // No retries: every answer is evidence (an auth assertion is never retried).
      const session = createSessionTools(target, target.cookies!, () => harness.http({ retries: 0 }));
      try {
        const result = await check(session.tools);
        await attach('session-check.json', {
          verdict: result.verdict,
          note: result.note,
          evidence: result.evidence,
          exchanges: session.records(),
        });
        if (result.verdict === 'not-applicable') test.skip(true, result.note ?? 'not applicable');
        if (result.verdict === 'inconclusive') {
          // An infrastructure answer (redirect, gateway, app down) names its code: not judged, never an auth verdict.
          for (const entry of result.diagnoses)
            test.info().annotations.push({
              type: 'diagnosis',
              description: scrubber.scrub(`${entry.code}: ${entry.summary}`),
            });
          test.info().annotations.push({ type: 'inconclusive', description: `AC_INCONCLUSIVE: ${result.note}` });
          test.skip(true, `inconclusive: ${result.note}`);
        }
        if (result.note !== undefined) test.info().annotations.push({ type: 'protected-by', description: result.note });
        if (result.verdict === 'finding') await report(result.diagnoses);
        if (result.verdict === 'fail') await failWith(result.diagnoses);
      } finally {
        await session.close();
      }
    });
  }
});
