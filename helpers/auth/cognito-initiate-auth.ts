import type { CognitoFacts } from '../env/cognito-derive';
import { COGNITO_INITIATE_AUTH_TARGET, COGNITO_JSON } from '../env/cognito-derive';
import type { Credentials } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import { encodeBody } from './request-body';
import { jsonPath } from './token-location';

/** The tokens one InitiateAuth (USER_PASSWORD_AUTH) returned, by Cognito's names. */
export interface CognitoTokens {
  readonly exchange: HttpExchange;
  readonly idToken?: string | undefined;
  readonly accessToken?: string | undefined;
}

/**
 * Cognito's InitiateAuth with USER_PASSWORD_AUTH for a given app client: a JSON 1.1 POST with the operation in
 * X-Amz-Target. Used to obtain a valid token of another app client of the same pool (its audience must be refused).
 */
export async function cognitoInitiateAuth(
  http: HttpClient,
  cognito: CognitoFacts,
  clientId: string,
  who: Credentials,
): Promise<CognitoTokens> {
  const body = encodeBody(
    {
      encoding: 'json',
      headers: { 'x-amz-target': COGNITO_INITIATE_AUTH_TARGET, 'content-type': COGNITO_JSON },
      extraFields: { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId },
    },
    [
      ['AuthParameters.USERNAME', who.username],
      ['AuthParameters.PASSWORD', who.password],
    ],
  );
  const exchange = await http.send(`${cognito.endpoint}/`, {
    method: 'POST',
    headers: body.headers,
    body: body.text,
    useJar: false,
    label: `InitiateAuth (app client ${clientId})`,
  });
  const json = exchange.json();
  const field = (name: string) => {
    const value = jsonPath(json, `AuthenticationResult.${name}`);
    return typeof value === 'string' ? value : undefined;
  };
  return { exchange, idToken: field('IdToken'), accessToken: field('AccessToken') };
}
