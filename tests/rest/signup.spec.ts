import { randomUUID } from 'node:crypto';
import { judgeSignup } from '../../helpers/diagnosis/verdicts/signup';
import { healthStatusOf } from '../../helpers/http/status-verdict';
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
  const found = await judgeSignup(
    exchange,
    { signupPath: target.signupPath ?? '', probeUser },
    healthStatusOf(http, target),
  );
  if (found) await failWith([found]);
});
