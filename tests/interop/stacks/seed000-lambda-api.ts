import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { CognitoLocalPool } from './cognito-local-pool';

/**
 * Seed 000's API, rebuilt from parts nobody here wrote: Lambda-style handlers behind an API Gateway HTTP API (payload
 * 2.0: the request's cookies arrive in `event.cookies`), the app's own login route calling Cognito's InitiateAuth and
 * setting `enceladus_id_token`, verification with aws-jwt-verify against the pool's JWKS, every refusal a bare
 * `{"message":"Unauthorized"}`. Log lines go to a file in the Lambda's tab-separated shape (time, request id, level,
 * message), with aws-jwt-verify's and Node's own messages. `/__config` serves the Lambda's environment variables.
 */
export const SEED000_API_FAULTS = [
  'pool-drift',
  'client-drift',
  'token-use-drift',
  'issuer-spelling-drift',
  'jwt-library-missing',
  'headers-cookie-only',
] as const;
export type Seed000ApiFault = (typeof SEED000_API_FAULTS)[number];

export interface Seed000Api {
  readonly baseUrl: string;
  /** The deployed settings the handler verifies with (what `/__config` serves). */
  readonly deployed: Record<string, string>;
  close(): Promise<void>;
}

const COOKIE = 'enceladus_id_token';
const REFRESH_COOKIE = 'enceladus_refresh_token';
const ATTRIBUTES = 'Path=/; HttpOnly; Secure; SameSite=None';

interface GatewayEvent {
  readonly rawPath: string;
  readonly method: string;
  readonly cookies?: string[];
  readonly headers: Record<string, string>;
  readonly body: string;
}
interface GatewayResult {
  readonly statusCode: number;
  readonly cookies?: string[];
  readonly body: string;
}

export async function startSeed000Api(options: {
  pool: CognitoLocalPool;
  logFile: string;
  faults?: readonly Seed000ApiFault[];
}): Promise<Seed000Api> {
  const { pool, logFile } = options;
  const faults = new Set(options.faults ?? []);
  // The Lambda's environment: a drift is a wrong value here, as in seed 000 (DVP-ISS-012).
  // Another pool: the id with its last character changed (to one it cannot already be).
  const otherPoolId = `${pool.poolId.slice(0, -1)}${pool.poolId.endsWith('X') ? 'Y' : 'X'}`;
  const deployed: Record<string, string> = {
    COGNITO_USER_POOL_ID: faults.has('pool-drift') ? otherPoolId : pool.poolId,
    COGNITO_APP_CLIENT_ID: faults.has('client-drift') ? pool.otherClientId : pool.clientId,
    COGNITO_TOKEN_USE: faults.has('token-use-drift') ? 'access' : 'id',
    COGNITO_ISSUER_BASE: pool.issuerBase,
  };
  const issuer = `${pool.issuerBase}/${deployed['COGNITO_USER_POOL_ID']}${faults.has('issuer-spelling-drift') ? '/' : ''}`;
  const tokenUse = deployed['COGNITO_TOKEN_USE'] as 'id' | 'access';
  const clientId = deployed['COGNITO_APP_CLIENT_ID'] as string;
  const verifier = JwtVerifier.create({
    issuer,
    audience: null,
    jwksUri: pool.jwksUrl,
    customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
  });
  // aws-jwt-verify fetches over https only; the emulator's key set is loaded once over http, as a layer would bundle it.
  verifier.cacheJwks((await (await fetch(pool.jwksUrl)).json()) as Parameters<typeof verifier.cacheJwks>[0]);

  let jwtLibrary: Promise<unknown> | undefined;
  const log = (requestId: string, level: string, message: string) =>
    appendFileSync(logFile, `${new Date().toISOString()}\t${requestId}\t${level}\t${message}\n`);

  /** `_extract_token`: headers.cookie AND event.cookies (healthy), or headers.cookie only (DVP-ISS-071). */
  const extractToken = (event: GatewayEvent): string | undefined => {
    const parts = (event.headers['cookie'] ?? '').split(';').map((part) => part.trim());
    if (!faults.has('headers-cookie-only')) parts.push(...(event.cookies ?? []).map((part) => part.trim()));
    const found = parts.find((part) => part.startsWith(`${COOKIE}=`));
    return found === undefined ? undefined : decodeURIComponent(found.slice(COOKIE.length + 1));
  };

  const unauthorized: GatewayResult = { statusCode: 401, body: JSON.stringify({ message: 'Unauthorized' }) };

  const authenticate = async (event: GatewayEvent, requestId: string) => {
    if (faults.has('jwt-library-missing')) {
      // The layer's library cannot be loaded: Node's own message, as the runtime logs it.
      jwtLibrary ??= import('aws-jwt-verify-layer' as string);
      try {
        await jwtLibrary;
      } catch (error) {
        log(requestId, 'ERROR', `CRITICAL: JWT library not available: ${(error as Error).message}`);
        return undefined;
      }
    }
    const token = extractToken(event);
    if (token === undefined) {
      log(requestId, 'WARN', `no ${COOKIE} cookie`);
      return undefined;
    }
    try {
      return await verifier.verify(token);
    } catch (error) {
      log(requestId, 'WARN', `token verification failed: ${(error as Error).message}`);
      return undefined;
    }
  };

  const cognito = async (target: string, body: unknown) => {
    const response = await fetch(`${pool.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const sessionCookies = (result: Record<string, unknown>): string[] => {
    const tokens = result['AuthenticationResult'] as Record<string, string> | undefined;
    if (!tokens?.['IdToken']) return [];
    return [
      `${COOKIE}=${tokens['IdToken']}; ${ATTRIBUTES}; Max-Age=3600`,
      ...(tokens['RefreshToken']
        ? [`${REFRESH_COOKIE}=${tokens['RefreshToken']}; ${ATTRIBUTES}; Max-Age=2592000`]
        : []),
    ];
  };

  const handlers: Record<string, (event: GatewayEvent, requestId: string) => Promise<GatewayResult>> = {
    'GET /api/v1/health': async () => ({ statusCode: 200, body: JSON.stringify({ ok: true }) }),
    'POST /api/v1/auth/login': async (event, requestId) => {
      let credentials: { username?: unknown; password?: unknown } = {};
      try {
        credentials = JSON.parse(event.body) as typeof credentials;
      } catch {
        return { statusCode: 400, body: JSON.stringify({ message: 'Bad Request' }) };
      }
      // The app always logs in with its own app client: a drift lives in the verifying Lambda's environment.
      const answer = await cognito('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: pool.clientId,
        AuthParameters: { USERNAME: credentials.username, PASSWORD: credentials.password },
      });
      const cookies = sessionCookies(answer.json);
      if (answer.status !== 200 || cookies.length === 0) {
        log(requestId, 'WARN', `login refused by Cognito: ${String(answer.json['__type'] ?? answer.status)}`);
        return unauthorized;
      }
      return { statusCode: 200, cookies, body: JSON.stringify({ authenticated: true }) };
    },
    'POST /api/v1/auth/refresh': async (event, requestId) => {
      const parts = [...(event.cookies ?? [])].map((part) => part.trim());
      const refresh = parts.find((part) => part.startsWith(`${REFRESH_COOKIE}=`))?.slice(REFRESH_COOKIE.length + 1);
      if (!refresh) {
        log(requestId, 'WARN', `no ${REFRESH_COOKIE} cookie`);
        return unauthorized;
      }
      const answer = await cognito('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: pool.clientId,
        AuthParameters: { REFRESH_TOKEN: refresh },
      });
      const cookies = sessionCookies(answer.json).filter((cookie) => cookie.startsWith(`${COOKIE}=`));
      if (answer.status !== 200 || cookies.length === 0) return unauthorized;
      return { statusCode: 200, cookies, body: JSON.stringify({ refreshed: true }) };
    },
    'GET /api/v1/me': async (event, requestId) => {
      const claims = await authenticate(event, requestId);
      if (!claims) return unauthorized;
      return { statusCode: 200, body: JSON.stringify({ sub: claims.sub, email: claims['email'] ?? null }) };
    },
    'GET /api/v1/admin/users': async (event, requestId) => {
      const claims = await authenticate(event, requestId);
      if (!claims) return unauthorized;
      const groups = (claims['cognito:groups'] as string[] | undefined) ?? [];
      if (!groups.includes('admin')) return { statusCode: 403, body: JSON.stringify({ message: 'Forbidden' }) };
      return { statusCode: 200, body: JSON.stringify({ users: [] }) };
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path === '/__config') {
      // The deployed settings, for a TARGET_CONFIG_URL: loopback callers only.
      const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
      res.writeHead(local ? 200 : 404, { 'content-type': 'application/json' });
      res.end(local ? JSON.stringify({ Environment: { Variables: deployed } }) : '{}');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // API Gateway v2: the Cookie header becomes event.cookies and is not passed on as a header.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (name !== 'cookie' && typeof value === 'string') headers[name] = value;
    const cookies = req.headers.cookie
      ?.split(';')
      .map((part) => part.trim())
      .filter(Boolean);
    const event: GatewayEvent = {
      rawPath: path,
      method: req.method ?? 'GET',
      ...(cookies ? { cookies } : {}),
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const requestId = headers['x-request-id'] ?? randomUUID();
    const handler = handlers[`${event.method} ${path}`];
    const result = handler
      ? await handler(event, requestId)
      : { statusCode: 404, body: JSON.stringify({ message: 'Not Found' }) };
    res.writeHead(result.statusCode, {
      'content-type': 'application/json',
      ...(result.cookies?.length ? { 'set-cookie': result.cookies } : {}),
    });
    res.end(result.body);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    deployed,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
