import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { readJsonBody } from '../body';
import type { Clock } from '../clock';
import { sendJson } from '../respond';
import type { CognitoReferenceConfig } from './cognito-config';

/**
 * The user pool: Cognito's JSON 1.1 API on `POST /` (the operation in X-Amz-Target), its JWKS at
 * `/<poolId>/.well-known/jwks.json`. Answers and error shapes follow real Cognito (`__type` + `message`; SignUp on an
 * admin-only pool: 400 NotAuthorizedException "SignUp is not permitted for this user pool").
 */
export interface CognitoPool {
  readonly issuer: string;
  readonly jwks: { keys: JWK[] };
  /** The tokens for a user and an app client (what InitiateAuth returns), for the API's own login. */
  initiateAuth(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';
const PREFIX = 'AWSCognitoIdentityProviderService.';

export async function createCognitoPool(
  config: CognitoReferenceConfig,
  clock: Clock,
  issuerOf: () => string,
): Promise<CognitoPool> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  // Real pools publish two keys (ID and access tokens each have their own); one is enough to show a kid.
  const kid = `ref000-${randomUUID().slice(0, 8)}`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const clients = new Set([config.clientId, config.otherClientId]);
  const refreshTokens = new Map<string, { username: string; clientId: string }>();
  const signedUp = new Set<string>();

  const error = (status: number, type: string, message: string) => ({ status, body: { __type: type, message } });

  const tokens = async (username: string, clientId: string) => {
    const now = clock.epochSeconds();
    const common = {
      sub: subOf(username),
      iss: issuerOf(),
      iat: now,
      exp: now + config.tokenTtlSeconds,
      auth_time: now,
    };
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ ...common, ...claims }).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey as CryptoKey);
    const refreshToken = randomUUID();
    refreshTokens.set(refreshToken, { username, clientId });
    return {
      AccessToken: await sign({
        client_id: clientId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        username,
        jti: randomUUID(),
      }),
      IdToken: await sign({
        aud: clientId,
        token_use: 'id',
        email: username,
        'cognito:username': username,
        jti: randomUUID(),
      }),
      RefreshToken: refreshToken,
      ExpiresIn: config.tokenTtlSeconds,
      TokenType: 'Bearer',
    };
  };

  const initiateAuth = async (body: unknown) => {
    const input = (body ?? {}) as { AuthFlow?: string; ClientId?: string; AuthParameters?: Record<string, string> };
    if (!input.ClientId || !clients.has(input.ClientId))
      return error(400, 'ResourceNotFoundException', 'User pool client does not exist.');
    if (input.AuthFlow === 'USER_PASSWORD_AUTH') {
      const { USERNAME, PASSWORD } = input.AuthParameters ?? {};
      if (USERNAME !== config.user.username || PASSWORD !== config.user.password)
        return error(400, 'NotAuthorizedException', 'Incorrect username or password.');
      return {
        status: 200,
        body: { ChallengeParameters: {}, AuthenticationResult: await tokens(USERNAME, input.ClientId) },
      };
    }
    if (input.AuthFlow === 'REFRESH_TOKEN_AUTH') {
      const session = refreshTokens.get(input.AuthParameters?.['REFRESH_TOKEN'] ?? '');
      if (!session || session.clientId !== input.ClientId)
        return error(400, 'NotAuthorizedException', 'Invalid Refresh Token');
      const fresh = await tokens(session.username, input.ClientId);
      const { RefreshToken: _unused, ...result } = fresh;
      return { status: 200, body: { ChallengeParameters: {}, AuthenticationResult: result } };
    }
    return error(400, 'InvalidParameterException', 'Unsupported AuthFlow');
  };

  const signUp = (body: unknown) => {
    const input = (body ?? {}) as { ClientId?: string; Username?: string; Password?: string };
    if (!input.ClientId || !clients.has(input.ClientId))
      return error(400, 'ResourceNotFoundException', 'User pool client does not exist.');
    if (!config.faults.has('cognito-signup-open'))
      return error(400, 'NotAuthorizedException', 'SignUp is not permitted for this user pool');
    if (!input.Username || !input.Password)
      return error(400, 'InvalidParameterException', 'Username and Password are required');
    signedUp.add(input.Username);
    return { status: 200, body: { UserConfirmed: false, UserSub: subOf(input.Username) } };
  };

  return {
    get issuer() {
      return issuerOf();
    },
    jwks,
    initiateAuth,
    async handle(req, res) {
      const target = String(req.headers['x-amz-target'] ?? '');
      // Like Cognito: without the JSON 1.1 content type the call is not understood.
      if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11) || !target.startsWith(PREFIX)) {
        sendJson(res, 400, { __type: 'UnknownOperationException' });
        return;
      }
      const body = await readJsonBody(req);
      if (!body.ok) {
        sendJson(res, 400, { __type: 'SerializationException' });
        return;
      }
      const operation = target.slice(PREFIX.length);
      const answer =
        operation === 'InitiateAuth'
          ? await initiateAuth(body.value)
          : operation === 'SignUp'
            ? signUp(body.value)
            : error(400, 'UnknownOperationException', `${operation} is not supported by the reference pool`);
      res.writeHead(answer.status, { 'Content-Type': JSON_11 });
      res.end(JSON.stringify(answer.body));
    },
  };
}

/** A stable subject per username (Cognito's sub is a UUID). */
function subOf(username: string): string {
  const hex = Buffer.from(username).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
