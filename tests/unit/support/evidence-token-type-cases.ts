import { randomBytes } from 'node:crypto';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import jsonwebtoken from 'jsonwebtoken';
import { tokenTypeStep } from '../../../helpers/diagnosis/ladder/steps/token-type';
import type { DiagnosisReport } from '../../../helpers/diagnosis/diagnose-refusal';
import type { ProofRow } from './proof-row';
import { aloneDoesNothing, SILENT_SECRET, silentProof, type SilentCase } from './evidence-silent-backend';

/**
 * The login's other tokens behind a silent 401: a login that returns several tokens (Cognito's InitiateAuth
 * AuthenticationResult, an OIDC token response with JWT refresh tokens as Keycloak issues them), an API that takes
 * only some of them. The API verifies with jsonwebtoken and, where it is a Cognito API, aws-jwt-verify's own field
 * check.
 */

const ISS = 'https://auth.reference.test';
const sign = (claims: Record<string, unknown>) =>
  jsonwebtoken.sign({ sub: 'alice', iss: ISS, ...claims }, SILENT_SECRET, { expiresIn: 300 });
const segment = () => randomBytes(24).toString('base64url');

/** Cognito's InitiateAuth answer: access token first, ID token, an opaque (JWE) refresh token. */
function cognitoLogin(extra: Record<string, unknown> = {}) {
  return {
    AuthenticationResult: {
      AccessToken: sign({ client_id: 'app-client', token_use: 'access', scope: 'aws.cognito.signin.user.admin' }),
      ExpiresIn: 3600,
      IdToken: sign({ aud: 'app-client', token_use: 'id', email: 'alice@example.test' }),
      RefreshToken: `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${segment()}.${segment()}.${segment()}.${segment()}`,
      TokenType: 'Bearer',
      ...extra,
    },
    ChallengeParameters: {},
  };
}

/** A Cognito API: the signature (jsonwebtoken), then aws-jwt-verify's token-use check. */
function cognitoApi(token: string | undefined, tokenUse: 'id' | 'access'): string | undefined {
  try {
    const payload = jsonwebtoken.verify(token ?? '', SILENT_SECRET);
    validateCognitoJwtFields(payload as never, { tokenUse, clientId: null });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const COGNITO_ID = { LOGIN_TOKEN_JSON_FIELD: 'AuthenticationResult.IdToken' };
const OTHER_TOKEN_TYPE = 'AC_API_WANTS_OTHER_TOKEN_TYPE' as const;
const probeLabels = (report: DiagnosisReport) => report.probes.map((probe) => `${probe.label}=${probe.status}`);

export const TOKEN_TYPE_CASES: readonly SilentCase[] = [
  {
    name: "Cognito: the route refuses the login's ID token and accepts its access token",
    env: () => COGNITO_ID,
    login: () => cognitoLogin(),
    sent: 'login',
    verify: ({ token }) => cognitoApi(token, 'access'),
    first: OTHER_TOKEN_TYPE,
    summary:
      /^the route refuses the ID token \(AuthenticationResult\.IdToken\) and accepts the access token \(AuthenticationResult\.AccessToken\) the same login returned$/,
    ran: '5 6 7 8×1 10×1 11 12×1 13×1',
    check: (report) => {
      const evidence = report.diagnoses[0]?.evidence as Record<string, { kind: string; status: number }>;
      if (evidence['refused']?.kind !== 'id' || evidence['refused'].status !== 401) return 'refused evidence differs';
      if (evidence['accepted']?.kind !== 'access' || evidence['accepted'].status !== 200)
        return 'accepted evidence differs';
      const last = probeLabels(report).at(-1);
      return last === "the login's access token (AuthenticationResult.AccessToken)=200" ? undefined : `probe ${last}`;
    },
  },
  {
    name: 'Cognito by cookie: the other token is tried the way the refused one went',
    env: () => COGNITO_ID,
    login: () => cognitoLogin(),
    sent: 'login',
    delivery: 'cookie',
    reads: 'cookie',
    verify: ({ token }) => cognitoApi(token, 'access'),
    first: OTHER_TOKEN_TYPE,
    summary: /^the route refuses the ID token .* and accepts the access token \(AuthenticationResult\.AccessToken\)/,
    ran: '5 6 7 8×1 10×1 11 12×1 13×1',
  },
  {
    // Keycloak issues its refresh token as a JWT (typ Refresh, aud = the realm): an API whose audience is the realm
    // would take it, but a refresh token is never an API credential, so it is never offered.
    name: 'OIDC with a JWT refresh token: the refresh token is never tried, the access token is refused too',
    env: () => ({ LOGIN_TOKEN_JSON_FIELD: 'id_token' }),
    login: () => ({
      access_token: sign({ aud: 'account', typ: 'Bearer', azp: 'web' }),
      expires_in: 300,
      refresh_token: sign({ aud: ISS, typ: 'Refresh', azp: 'web' }),
      id_token: sign({ aud: 'web', typ: 'ID', azp: 'web' }),
      token_type: 'Bearer',
    }),
    sent: 'login',
    verify: ({ token }) => {
      try {
        jsonwebtoken.verify(token ?? '', SILENT_SECRET, { audience: ISS });
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
    first: 'AC_AUDIENCE_DRIFT',
    summary: /^the target issues aud="web"; the env declares JWT_AUDIENCE="reference-api"$/,
    never: [OTHER_TOKEN_TYPE],
    ran: '5 6 7 8×1 10×1 11 12×1 13×1 14',
    notes: [/^the login's other tokens \(access_token\) are refused too: not a token-type mix-up$/],
    check: (report) =>
      probeLabels(report).some((label) => label.includes('refresh')) ? 'the refresh token was tried' : undefined,
  },
  {
    name: 'two ID tokens (a session copy beside IdToken), no access token: none of another type to try',
    env: () => COGNITO_ID,
    login: () =>
      cognitoLogin({
        AccessToken: undefined,
        SessionIdToken: sign({ aud: 'app-client', token_use: 'id', amr: ['pwd'] }),
      }),
    sent: 'login',
    verify: ({ token }) => cognitoApi(token, 'access'),
    first: 'AC_AUDIENCE_DRIFT',
    never: [OTHER_TOKEN_TYPE],
    ran: '5 6 7 8×1 10×1 11 12×1 13 14',
    notes: [/^the login's other tokens \(none of another type\) are refused too: not a token-type mix-up$/],
  },
  {
    // The requests are spent before the step: it tries nothing and claims nothing about tokens it did not try.
    name: 'Cognito with the budget spent before the other tokens: the note says which was not tried, no "refused too"',
    env: () => COGNITO_ID,
    login: () => cognitoLogin(),
    sent: 'login',
    budget: 3,
    verify: ({ token }) => cognitoApi(token, 'access'),
    first: 'AC_AUDIENCE_DRIFT',
    never: [OTHER_TOKEN_TYPE],
    ran: '5 6 7 8×1 10×1 12×1 13 14',
    notes: [
      /^no request left to try the login's access token \(AuthenticationResult\.AccessToken\) in place of the refused ID token$/,
    ],
    noNotes: [/are refused too/],
    check: (report) =>
      probeLabels(report).some((label) => label.includes('skipped')) ? 'a probe past the budget' : undefined,
  },
  {
    // The harness's own token is none of the login's: there is no "other" token of the refused one.
    name: "the harness's own token refused while the login returned an ID and an access token: not tried in its place",
    env: () => COGNITO_ID,
    login: () => cognitoLogin(),
    verify: ({ token }) => cognitoApi(token, 'access'),
    first: 'AC_AUDIENCE_DRIFT',
    never: [OTHER_TOKEN_TYPE],
    ran: '5 6 7 8×1 10×1 11 12×1 13 14',
    noNotes: [/other tokens/],
  },
];

/** The step run alone without the login's tokens or a sent token: nothing tried, nothing said. */
const NO_LOGIN_TOKENS = aloneDoesNothing(
  'the login’s other tokens step run alone without login tokens: nothing tried, nothing noted',
  tokenTypeStep,
  (found) => ({ probes: { exhausted: false, send: () => found.push('sent') } }),
);

export const TOKEN_TYPE_PROOFS: readonly ProofRow[] = [...TOKEN_TYPE_CASES.map(silentProof), NO_LOGIN_TOKENS];
