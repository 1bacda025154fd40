import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import { oauthLogin } from '../oidc/oauth-login';
import { cognitoInitiateAuth } from './cognito-initiate-auth';

/**
 * A valid token the same provider issues for another audience, which this API must refuse. For a Cognito pool:
 * the test user's login through another app client (COGNITO_OTHER_APP_CLIENT_ID), the token of the type the API
 * verifies; no token endpoint and no signing key needed. For an OAuth2 provider: a token for another resource.
 */
export async function issueForOtherAudience(
  http: HttpClient,
  config: TargetConfig,
  other: string,
): Promise<string | undefined> {
  const cognito = config.cognito;
  if (cognito !== undefined && cognito.otherAppClientId === other) {
    const tokens = await cognitoInitiateAuth(http, cognito, other, config.users.user);
    return cognito.tokenUse === 'access' ? tokens.accessToken : tokens.idToken;
  }
  return (await oauthLogin(http, config, config.users.user, { resource: other })).token;
}
