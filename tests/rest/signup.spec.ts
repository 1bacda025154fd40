import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { API_SIGNUP_REFUSALS, sendSignupProbe } from '../../helpers/auth/signup-probe';
import { healthStatusOf, serverErrorDiagnosis } from '../../helpers/http/status-verdict';
import { test } from '../fixtures';

test('anonymous self-signup is refused', async ({ target, http, failWith }) => {
  const probe = target.signup;
  test.skip(!probe, 'neither SIGNUP_PATH nor SIGNUP_URL (or COGNITO_SIGNUP_PROBE) declared');
  if (!probe) return;
  const { exchange, probeUser, verdict } = await test.step(`POST ${probe.url} as an anonymous visitor`, () =>
    sendSignupProbe(http, probe));
  if (verdict === 'refused') return;
  if (exchange.status >= 200 && exchange.status < 300) {
    await failWith([
      diagnosis(
        'AC_SIGNUP_OPEN',
        `an anonymous sign-up was accepted (${exchange.status}); the probe account ${probeUser} may now exist`,
        { status: exchange.status, probeUser },
      ),
    ]);
  }
  // A refusal is the only pass: a 429/5xx says nothing about whether sign-up is open.
  const serverError = await serverErrorDiagnosis(exchange, 'anonymous sign-up', healthStatusOf(http, target));
  if (serverError) await failWith([serverError]);
  await failWith([
    diagnosis(
      'AC_UNEXPECTED_STATUS',
      `POST ${probe.url} answered ${exchange.status} to an anonymous sign-up: not a refusal (401/403/404/405${probe.refusedMessage ? ', or a 4xx saying the declared refusal' : ''}), so whether sign-up is open is unknown`,
      { status: exchange.status, expected: [...API_SIGNUP_REFUSALS] },
    ),
  ]);
});
