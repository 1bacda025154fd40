import { appendFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { toGatewayEvent, writeGatewayResult, type GatewayEventV2, type GatewayResultV2 } from '../app/api-gateway';
import type { CognitoReferenceConfig } from './cognito-config';
import type { CognitoPool } from './cognito-pool';

/**
 * The API's Lambda-style handlers behind an API Gateway HTTP API (payload 2.0), as in seed 000: the app's own login
 * route calls the pool and sets `enceladus_id_token`; protected routes read that cookie (from `headers.cookie` and
 * `event.cookies`) and verify it with aws-jwt-verify against the pool's JWKS. Every refusal is a bare
 * `{"message":"Unauthorized"}` with no WWW-Authenticate: the cause is only in the log lines (time, request id, level,
 * message, tab-separated as a Lambda's CloudWatch stream) and in the deployed settings (`/__config`, loopback only).
 */
export const ID_COOKIE = 'enceladus_id_token';
export const REFRESH_COOKIE = 'enceladus_refresh_token';
const ATTRIBUTES = 'Path=/; HttpOnly; Secure; SameSite=None';
const UNAUTHORIZED: GatewayResultV2 = json(401, { message: 'Unauthorized' });

export interface CognitoLambda {
  /** The Lambda's environment variables (its deployed auth settings). */
  readonly deployed: Readonly<Record<string, string>>;
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

export async function createCognitoLambda(
  config: CognitoReferenceConfig,
  pool: CognitoPool,
  issuerBase: string,
): Promise<CognitoLambda> {
  const faults = config.faults;
  // A drift is a wrong value in the Lambda's environment; the pool itself is right (seed 000, DVP-ISS-012).
  const deployed: Record<string, string> = {
    COGNITO_REGION: faults.has('cognito-pool-drift') ? 'us-west-2' : config.region,
    COGNITO_USER_POOL_ID: faults.has('cognito-pool-drift') ? 'us-west-2_Ref000Old' : config.poolId,
    COGNITO_APP_CLIENT_ID: faults.has('cognito-client-drift') ? config.otherClientId : config.clientId,
    COGNITO_TOKEN_USE: faults.has('cognito-token-use-drift') ? 'access' : 'id',
    COGNITO_ISSUER_BASE: issuerBase,
    AUTH_COOKIE_NAME: ID_COOKIE,
  };
  if (config.configFile)
    writeFileSync(config.configFile, JSON.stringify({ Environment: { Variables: deployed } }, null, 2));

  const issuer = `${issuerBase}/${deployed['COGNITO_USER_POOL_ID']}${faults.has('cognito-issuer-spelling-drift') ? '/' : ''}`;
  // Another pool publishes other keys: a Lambda pointed at it cannot find the token's kid.
  const otherPool = await generateKeyPair('RS256', { extractable: true });
  const otherJwks = {
    keys: [{ ...(await exportJWK(otherPool.publicKey)), kid: 'ref000-old-pool', alg: 'RS256', use: 'sig' } as JWK],
  };
  const jwksCache = new SimpleJwksCache({
    penaltyBox: new SimplePenaltyBox({ waitSeconds: 0 }),
    fetcher: {
      // The JWKS of the pool the URL names, served from memory (the library's own fetcher speaks https only).
      fetch: async (uri: string) => {
        const keys = new URL(uri).pathname.split('/').includes(config.poolId) ? pool.jwks : otherJwks;
        return new TextEncoder().encode(JSON.stringify(keys)).buffer as ArrayBuffer;
      },
    },
  });
  const tokenUse = deployed['COGNITO_TOKEN_USE'] as 'id' | 'access';
  const clientId = deployed['COGNITO_APP_CLIENT_ID'] as string;
  const verifier = JwtVerifier.create(
    {
      issuer,
      audience: null,
      jwksUri: `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
    },
    { jwksCache },
  );

  const log = (requestId: string, level: 'INFO' | 'WARN' | 'ERROR', message: string) => {
    if (config.logFile)
      appendFileSync(config.logFile, `${new Date().toISOString()}\t${requestId}\t${level}\t${message}\n`);
  };
  let jwtLibrary: Promise<unknown> | undefined;

  /** `_extract_token`: headers.cookie and event.cookies; the fault reads headers.cookie only (never set by v2). */
  const extractToken = (event: GatewayEventV2): string | undefined => {
    const parts = (event.headers['cookie'] ?? '').split(';').map((part) => part.trim());
    if (!faults.has('cognito-headers-cookie-only')) parts.push(...(event.cookies ?? []).map((part) => part.trim()));
    const found = parts.find((part) => part.startsWith(`${ID_COOKIE}=`));
    return found === undefined ? undefined : decodeURIComponent(found.slice(ID_COOKIE.length + 1));
  };

  const authenticate = async (event: GatewayEventV2, requestId: string): Promise<JwtPayload | undefined> => {
    if (faults.has('cognito-jwt-library-missing')) {
      // The layer's library is absent: the runtime's own message, logged as seed 000's Lambda did.
      jwtLibrary ??= import('aws-jwt-verify-shared-layer' as string);
      try {
        await jwtLibrary;
      } catch (error) {
        log(requestId, 'ERROR', `CRITICAL: JWT library not available: ${(error as Error).message.split('\n')[0]}`);
        return undefined;
      }
    }
    const token = extractToken(event);
    if (token === undefined) {
      log(requestId, 'WARN', `no ${ID_COOKIE} cookie`);
      return undefined;
    }
    try {
      return await verifier.verify(token);
    } catch (error) {
      log(requestId, 'WARN', `token verification failed: ${(error as Error).message}`);
      return undefined;
    }
  };

  const session = (result: Record<string, unknown>, withRefresh: boolean): string[] => {
    const tokens = result['AuthenticationResult'] as Record<string, string> | undefined;
    if (!tokens?.['IdToken']) return [];
    return [
      `${ID_COOKIE}=${tokens['IdToken']}; ${ATTRIBUTES}; Max-Age=${config.tokenTtlSeconds}`,
      ...(withRefresh && tokens['RefreshToken']
        ? [`${REFRESH_COOKIE}=${tokens['RefreshToken']}; ${ATTRIBUTES}; Max-Age=2592000`]
        : []),
    ];
  };

  const routes: Record<string, (event: GatewayEventV2, requestId: string) => Promise<GatewayResultV2>> = {
    'GET /api/v1/health': async () => json(200, { ok: true }),
    'POST /api/v1/auth/login': async (event, requestId) => {
      let input: { username?: unknown; password?: unknown };
      try {
        input = JSON.parse(event.body ?? '') as typeof input;
      } catch {
        return json(400, { message: 'Bad Request' });
      }
      // The app logs in with its own app client whatever the verifier's settings say.
      const answer = await pool.initiateAuth({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: config.clientId,
        AuthParameters: { USERNAME: String(input.username ?? ''), PASSWORD: String(input.password ?? '') },
      });
      const cookies = session(answer.body, true);
      if (answer.status !== 200 || cookies.length === 0) {
        log(requestId, 'WARN', `login refused by the pool: ${String(answer.body['__type'] ?? answer.status)}`);
        return UNAUTHORIZED;
      }
      log(requestId, 'INFO', 'login succeeded');
      return { ...json(200, { authenticated: true }), cookies };
    },
    'POST /api/v1/auth/refresh': async (event, requestId) => {
      const refresh = (event.cookies ?? [])
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${REFRESH_COOKIE}=`))
        ?.slice(REFRESH_COOKIE.length + 1);
      if (!refresh) {
        log(requestId, 'WARN', `no ${REFRESH_COOKIE} cookie`);
        return UNAUTHORIZED;
      }
      const answer = await pool.initiateAuth({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: config.clientId,
        AuthParameters: { REFRESH_TOKEN: refresh },
      });
      const cookies = session(answer.body, false);
      if (answer.status !== 200 || cookies.length === 0) return UNAUTHORIZED;
      return { ...json(200, { refreshed: true }), cookies };
    },
    'POST /api/v1/auth/logout': async () => ({
      ...json(200, { loggedOut: true }),
      cookies: [ID_COOKIE, REFRESH_COOKIE].map((name) => `${name}=; ${ATTRIBUTES}; Max-Age=0`),
    }),
    'GET /api/v1/me': async (event, requestId) => {
      const claims = await authenticate(event, requestId);
      if (!claims) return UNAUTHORIZED;
      return json(200, { sub: claims.sub, email: claims['email'] ?? null });
    },
    'GET /api/v1/admin/users': async (event, requestId) => {
      const claims = await authenticate(event, requestId);
      if (!claims) return UNAUTHORIZED;
      const groups = (claims['cognito:groups'] as string[] | undefined) ?? [];
      return groups.includes('admin') ? json(200, { users: [] }) : json(403, { message: 'Forbidden' });
    },
  };

  return {
    deployed,
    async handle(req, res, path) {
      if (path === '/__config') {
        // The deployed settings, for a TARGET_CONFIG_URL: loopback callers only.
        const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
        writeGatewayResult(
          res,
          local ? json(200, { Environment: { Variables: deployed } }) : json(404, { message: 'Not Found' }),
        );
        return true;
      }
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      const route = routes[`${method} ${path}`];
      if (!route) return false;
      const event = toGatewayEvent(req, `${method} ${path}`, path);
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const body = Buffer.concat(chunks).toString('utf8');
      const requestId = event.headers['x-request-id'] ?? randomUUID();
      writeGatewayResult(res, await route(body ? { ...event, body } : event, requestId));
      return true;
    },
  };
}

function json(statusCode: number, body: unknown): GatewayResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}
