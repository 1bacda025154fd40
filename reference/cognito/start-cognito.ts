import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock } from '../clock';
import { sendJson } from '../respond';
import type { Env } from '../secret';
import { loadCognitoConfig } from './cognito-config';
import { createCognitoLambda, type CognitoLambda } from './cognito-lambda';
import { createCognitoPool } from './cognito-pool';

/**
 * `REFERENCE_MODE=cognito`: seed 000's silent shape on one loopback origin. The pool answers `POST /` (Cognito's
 * JSON 1.1 API) and `/<poolId>/.well-known/jwks.json`; the API answers `/api/v1/*` and `/__config`. The issuer is
 * `<origin>/<poolId>` (an emulator's, like cognito-local's), so an env gives COGNITO_ISSUER_BASE and COGNITO_ENDPOINT.
 */
export interface CognitoReference {
  readonly port: number;
  readonly url: string;
  readonly issuer: string;
  readonly poolId: string;
  readonly clientId: string;
  readonly otherClientId: string;
  readonly deployed: Readonly<Record<string, string>>;
  readonly secrets: Record<string, never>;
  close(): Promise<void>;
}

export async function startCognitoReference(options: {
  env: Env;
  port?: number;
  host?: string;
}): Promise<CognitoReference> {
  const config = loadCognitoConfig(options.env);
  const clock = createClock(0);
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const pool = await createCognitoPool(config, clock, () => `${origin}/${config.poolId}`);
  const jwksPath = `/${config.poolId}/.well-known/jwks.json`;
  // The API is created once the origin (and so the issuer) is known; until then only the pool answers.
  const api: { lambda?: CognitoLambda } = {};
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const work = async () => {
      if (req.method === 'POST' && path === '/') return pool.handle(req, res);
      if (req.method === 'GET' && path === jwksPath) return sendJson(res, 200, pool.jwks);
      if (api.lambda && (await api.lambda.handle(req, res, path))) return;
      sendJson(res, 404, { message: 'Not Found' });
    };
    work().catch(() => {
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? Number(options.env['REFERENCE_PORT'] ?? 0), host, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
  origin = `http://${host}:${port}`;
  const lambda = await createCognitoLambda(config, pool, origin);
  api.lambda = lambda;
  return {
    port,
    url: origin,
    issuer: pool.issuer,
    poolId: config.poolId,
    clientId: config.clientId,
    otherClientId: config.otherClientId,
    deployed: lambda.deployed,
    secrets: {},
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
