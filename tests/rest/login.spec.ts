import { jsonPath, rawSetCookieValue } from '../../helpers/auth/login';
import { loginDiagnosis } from '../../helpers/auth/step-diagnoses';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { explainIssuedSignature } from '../../helpers/diagnosis/passive/issued-signature';
import { tokenEncodingIssues } from '../../helpers/diagnosis/passive/token-encoding';
import { compareIssuedToken, tokenEvidence } from '../../helpers/diagnosis/passive/token-vs-config';
import { isHmacAlg } from '../../helpers/token/signing-key';
import { test } from '../fixtures';

test.describe('login through the target', () => {
  test('the test user logs in and receives a token', async ({ login, target, failWith }) => {
    const source = target.tokenSource;
    const result = await test.step(
      source
        ? `take the token from ${source.kind === 'command' ? 'TOKEN_COMMAND' : source.kind === 'browser' ? 'the app page login (Chromium)' : source.name}`
        : 'POST the login request',
      () => login('user'),
    );
    const failure = loginDiagnosis(result, target);
    if (failure) await failWith([failure]);
  });

  test('the issued token has the algorithm, issuer and audience the env declares', async ({
    login,
    failWith,
    attach,
    target,
  }) => {
    const { token } = await login('user');
    test.skip(!token, 'inconclusive: login gave no token (see the login check)');
    await attach('issued-token.json', tokenEvidence(token));
    const drifts = await test.step('compare header and claims with the env', async () =>
      compareIssuedToken(token as string, target));
    if (drifts.length > 0) await failWith(drifts);
  });

  test('the token comes back as base64url wherever the login returns it (JSON field, cookie)', async ({
    login,
    target,
    failWith,
  }) => {
    const result = await login('user');
    test.skip(!result.token, 'inconclusive: login gave no token (see the login check)');
    const places: { where: string; raw: string }[] = [];
    test.skip(!result.exchange, 'the token came from a token source, not a login response');
    const exchange = result.exchange!;
    const json = target.login.tokenJsonField ? jsonPath(exchange.json(), target.login.tokenJsonField) : undefined;
    if (typeof json === 'string') places.push({ where: `JSON field ${target.login.tokenJsonField}`, raw: json });
    const cookie = target.login.tokenCookie
      ? rawSetCookieValue(exchange.setCookies(), target.login.tokenCookie)
      : undefined;
    if (cookie) places.push({ where: `cookie ${target.login.tokenCookie}`, raw: cookie });
    const found = places
      .map((place) => ({ ...place, issues: tokenEncodingIssues(place.raw) }))
      .filter((place) => place.issues.length > 0)
      .map((place) =>
        diagnosis(
          'AC_TOKEN_ENCODING_MISMATCH',
          `the token in the ${place.where} is not base64url (${place.issues.join(', ')})`,
          { where: place.where, issues: place.issues },
        ),
      );
    if (found.length > 0) await failWith(found);
  });

  test('the issued token is signed with the secret the harness resolved', async ({
    login,
    secrets,
    target,
    failWith,
  }) => {
    test.skip(!isHmacAlg(target.jwt.alg), 'asymmetric algorithm: the harness holds no verification key for the target');
    const { token } = await login('user');
    test.skip(!token, 'inconclusive: login gave no token (see the login check)');
    const found =
      await test.step(`verify with ${secrets.source} (${secrets.fingerprint}), else find the key that does (offline)`, () =>
        explainIssuedSignature(token as string, secrets, target.jwt.alg));
    if (found.length > 0) await failWith(found);
  });
});
