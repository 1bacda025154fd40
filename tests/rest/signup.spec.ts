import { randomUUID } from 'node:crypto';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { healthStatusOf, serverErrorDiagnosis } from '../../helpers/http/status-verdict';
import { test } from '../fixtures';

/** What counts as sign-up refused: 401/403, or no such endpoint / method (404, 405). */
const REFUSED = new Set([401, 403, 404, 405]);

test('anonymous self-signup is refused', async ({ target, http, failWith }) => {
  test.skip(!target.signupPath, 'SIGNUP_PATH not declared');
  const probeUser = `authcanary-probe-${randomUUID()}@example.invalid`;
  const exchange = await test.step(`POST ${target.signupPath} as an anonymous visitor`, () =>
    http.send(`${target.target.authUrl}${target.signupPath}`, {
      method: 'POST',
      json: { [target.login.usernameField]: probeUser, [target.login.passwordField]: randomUUID(), email: probeUser },
      useJar: false,
      label: 'anonymous sign-up',
    }));
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
  if (!REFUSED.has(exchange.status))
    await failWith([
      diagnosis(
        'AC_UNEXPECTED_STATUS',
        `POST ${target.signupPath} answered ${exchange.status} to an anonymous sign-up: not a refusal (401/403/404/405), so whether sign-up is open is unknown`,
        { status: exchange.status, expected: [...REFUSED] },
      ),
    ]);
});
