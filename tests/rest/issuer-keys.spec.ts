import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { tokenEvidence } from '../../helpers/diagnosis/passive/token-vs-config';
import { verifyThroughProvider } from '../../helpers/oidc/provider';
import { describeVerdict } from '../../helpers/oidc/verify-issued';
import { test } from '../fixtures';

test("the issued token verifies through the issuer's published keys (kid, alg, iss, aud, exp)", async ({
  login,
  target,
  provider,
  clock,
  attach,
  failWith,
}) => {
  test.skip(!target.oauth, 'no identity provider declared (OIDC_ISSUER, OAUTH_TOKEN_ENDPOINT or JWKS_URL)');
  const { token } = await login('user');
  test.skip(!token, 'inconclusive: login gave no token (see the login check)');
  const found = await provider();
  test.skip(!found.keys, 'the provider publishes no jwks_uri and JWKS_URL is not declared');
  const verdict = await test.step(`verify through ${found.keys?.url ?? ''}`, () =>
    verifyThroughProvider(found, target, token as string, clock));
  await attach('issuer-keys.json', { verdict, token: tokenEvidence(token) });
  if (verdict && !verdict.ok)
    await failWith([
      diagnosis('AC_ISSUED_TOKEN_UNVERIFIABLE', describeVerdict(verdict), {
        problems: verdict.problems,
        tokenKid: verdict.tokenKid ?? null,
        publishedKids: verdict.publishedKids,
      }),
    ]);
});
