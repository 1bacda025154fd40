import { compareIssuedToken, tokenEvidence } from '../../helpers/diagnosis/passive/token-vs-config';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { keyHypotheses } from '../../helpers/diagnosis/probes/secret-variants';
import { hmacKey, isHmacAlg } from '../../helpers/token/signing-key';
import { signatureVerifies } from '../../helpers/token/verify-signature';
import { test } from '../fixtures';

test.describe('login through the target', () => {
  test('the test user logs in and receives a token', async ({ login, target, failWith }) => {
    const result = await test.step('POST the login form', () => login('user'));
    if (!result.token) {
      const where = [target.login.tokenJsonField && `JSON field ${target.login.tokenJsonField}`, target.login.tokenCookie && `cookie ${target.login.tokenCookie}`].filter(Boolean).join(' or ');
      await failWith([diagnosis('AC_LOGIN_FAILED', `login answered ${result.exchange.status} and no token in ${where}`, { status: result.exchange.status, wwwAuthenticate: result.exchange.header('www-authenticate') ?? null })]);
    }
  });

  test('the issued token has the algorithm, issuer and audience the env declares', async ({ login, failWith, attach, target }) => {
    const { token } = await login('user');
    test.skip(!token, 'inconclusive: login gave no token (see the login check)');
    await attach('issued-token.json', tokenEvidence(token));
    const drifts = await test.step('compare header and claims with the env', async () => compareIssuedToken(token as string, target));
    if (drifts.length > 0) await failWith(drifts);
  });

  test('the issued token is signed with the secret the harness resolved', async ({ login, secrets, signingKey, target, failWith }) => {
    test.skip(!isHmacAlg(target.jwt.alg), 'asymmetric algorithm: the harness holds no verification key for the target');
    const { token } = await login('user');
    test.skip(!token, 'inconclusive: login gave no token (see the login check)');
    const ours = await test.step(`verify with ${secrets.source} (${secrets.fingerprint})`, () => signatureVerifies(token as string, signingKey));
    if (ours) return;
    const verifiedBy = await test.step('try every other key the harness knows (offline, no request)', async () => {
      for (const hypothesis of keyHypotheses(secrets)) {
        const key = await hmacKey(hypothesis.secret, target.jwt.alg as 'HS256').catch(() => undefined);
        if (key && (await signatureVerifies(token as string, key))) return hypothesis;
      }
      return undefined;
    });
    const harness = { source: secrets.source, fingerprint: secrets.fingerprint };
    if (!verifiedBy) {
      await failWith([diagnosis('AC_SECRET_MISMATCH', `the target signs its tokens with a key the harness does not have; the harness resolved ${secrets.source} (${secrets.fingerprint})`, { harness, verifiedBy: null })]);
    }
    const signer = { source: verifiedBy?.secret.source, fingerprint: verifiedBy?.secret.fingerprint };
    const code = verifiedBy?.meaning === 'AC_SERVICES_SECRET_DISAGREE' ? 'AC_SECRET_MISMATCH' : (verifiedBy?.meaning ?? 'AC_SECRET_MISMATCH');
    await failWith([diagnosis(code, `the target signs with ${verifiedBy?.label} (${signer.fingerprint}); the harness resolved ${secrets.source} (${secrets.fingerprint})`, { harness, signer })]);
  });
});
