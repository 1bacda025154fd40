import { randomUUID } from 'node:crypto';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { test } from '../fixtures';

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
});
