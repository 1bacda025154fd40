import { issuedTokenThroughProvider } from '../../helpers/diagnosis/verdicts/issued-token';
import { tokenEvidence } from '../../helpers/diagnosis/passive/token-vs-config';
import { verifyThroughProvider } from '../../helpers/oidc/provider';
import { test } from '../fixtures';

test("the issued token verifies through the issuer's published keys (kid, alg, iss, aud, exp)", async ({
  loggedIn,
  target,
  provider,
  clock,
  attach,
  failWith,
}) => {
  test.skip(!target.oauth, 'no identity provider declared (OIDC_ISSUER, OAUTH_TOKEN_ENDPOINT or JWKS_URL)');
  const { token } = await loggedIn('user');
  const found = await provider();
  test.skip(!found.keys, 'the provider publishes no jwks_uri and JWKS_URL is not declared');
  const verdict = await test.step(`verify through ${found.keys?.url ?? ''}`, () =>
    verifyThroughProvider(found, target, token, clock));
  await attach('issuer-keys.json', { verdict, token: tokenEvidence(token) });
  const unverifiable = issuedTokenThroughProvider(verdict);
  if (unverifiable) await failWith([unverifiable]);
});
