import { jsonPath, rawSetCookieValue } from '../../helpers/auth/login';
import { loginDiagnosis } from '../../helpers/auth/step-diagnoses';
import type { Diagnosis } from '../../helpers/diagnosis/diagnosis';
import { issuedTokenEncoding, notAJwt as notAJwtVerdict } from '../../helpers/diagnosis/verdicts/issued-token';
import { explainIssuedSignature } from '../../helpers/diagnosis/passive/issued-signature';
import { compareIssuedToken, tokenEvidence } from '../../helpers/diagnosis/passive/token-vs-config';
import { healthStatusOf, serverErrorDiagnosis } from '../../helpers/http/status-verdict';
import { isJwt } from '../../helpers/token/decode-token';
import { usesTokenEndpoint } from '../../helpers/env/oauth-config';
import { explainTokenRefusal } from '../../helpers/oidc/token-refusal';
import { isHmacAlg } from '../../helpers/token/signing-key';
import { test } from '../fixtures';

test.describe('login through the target', () => {
  test('the test user logs in and receives a token', async ({ login, target, http, failWith }) => {
    const source = target.tokenSource;
    const result = await test.step(
      source
        ? `take the token from ${source.kind === 'command' ? 'TOKEN_COMMAND' : source.kind === 'browser' ? 'the app page login (Chromium)' : source.name}`
        : 'POST the login request',
      () => login('user'),
    );
    // A login answering 429/5xx is infra or a broken auth component, not a failed login.
    if (result.exchange) {
      const serverError = await serverErrorDiagnosis(result.exchange, 'login', healthStatusOf(http, target));
      if (serverError) await failWith([serverError]);
    }
    // An OAuth2 token endpoint's refusal is named by what it said (encoding, client, grant).
    if (!result.token && result.exchange && usesTokenEndpoint(target.oauth))
      await failWith([explainTokenRefusal(target, result.exchange)]);
    const failure = loginDiagnosis(result, target);
    if (failure) await failWith([failure]);
  });

  test('the issued token has the algorithm, issuer and audience the env declares', async ({
    loggedIn,
    failWith,
    attach,
    target,
  }) => {
    const { token } = await loggedIn('user');
    await notAJwt(token, failWith);
    await attach('issued-token.json', tokenEvidence(token));
    const drifts = await test.step('compare header and claims with the env', async () =>
      compareIssuedToken(token, target));
    if (drifts.length > 0) await failWith(drifts);
  });

  test('the token comes back as base64url wherever the login returns it (JSON field, cookie)', async ({
    loggedIn,
    target,
    failWith,
  }) => {
    const result = await loggedIn('user');
    test.skip(!isJwt(result.token), 'not a JWT: the login issued an opaque token (see the alg/iss/aud check)');
    const places: { where: string; raw: string }[] = [];
    test.skip(!result.exchange, 'the token came from a token source, not a login response');
    const exchange = result.exchange!;
    const json = target.login.tokenJsonField ? jsonPath(exchange.json(), target.login.tokenJsonField) : undefined;
    if (typeof json === 'string') places.push({ where: `JSON field ${target.login.tokenJsonField}`, raw: json });
    const cookie = target.login.tokenCookie
      ? rawSetCookieValue(exchange.setCookies(), target.login.tokenCookie)
      : undefined;
    if (cookie) places.push({ where: `cookie ${target.login.tokenCookie}`, raw: cookie });
    const found = issuedTokenEncoding(places);
    if (found.length > 0) await failWith(found);
  });

  test('the issued token is signed with the secret the harness resolved', async ({
    loggedIn,
    secrets,
    target,
    failWith,
  }) => {
    test.skip(!isHmacAlg(target.jwt.alg), 'asymmetric algorithm: the harness holds no verification key for the target');
    const { token } = await loggedIn('user');
    await notAJwt(token, failWith);
    const found =
      await test.step(`verify with ${secrets.source} (${secrets.fingerprint}), else find the key that does (offline)`, () =>
        explainIssuedSignature(token, secrets, target.jwt.alg));
    if (found.length > 0) await failWith(found);
  });
});

/** The JWT checks never pass on an opaque token: they say it is not a JWT. */
async function notAJwt(token: string, failWith: (found: Diagnosis[]) => Promise<never>): Promise<void> {
  const opaque = notAJwtVerdict(token);
  if (opaque) await failWith([opaque]);
}
