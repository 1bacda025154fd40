import { sendSignupProbe } from '../../helpers/auth/signup-probe';
import { judgeSignup } from '../../helpers/diagnosis/verdicts/signup';
import { healthStatusOf } from '../../helpers/http/status-verdict';
import { test } from '../fixtures';

test('anonymous self-signup is refused', async ({ target, http, failWith }) => {
  const probe = target.signup;
  test.skip(!probe, 'neither SIGNUP_PATH nor SIGNUP_URL (or COGNITO_SIGNUP_PROBE) declared');
  if (!probe) return;
  const { exchange, probeUser, verdict } = await test.step(`POST ${probe.url} as an anonymous visitor`, () =>
    sendSignupProbe(http, probe));
  // The identity provider's declared refusal (Cognito: 400 "SignUp is not permitted for this user pool") is a pass.
  if (verdict === 'refused') return;
  const found = await judgeSignup(exchange, { signupPath: probe.url, probeUser }, healthStatusOf(http, target));
  if (found) await failWith([found]);
});
