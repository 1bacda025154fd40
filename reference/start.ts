import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiRoutes } from './api';
import { createEdge } from './app/edge';
import { createAuthService } from './auth-service';
import { createAuthenticator } from './authenticator';
import { clockOffsetSeconds, createClock, dateHeaderClock } from './clock';
import { loadConfig } from './config';
import { healthRoutes } from './health';
import { createRequestListener } from './router';
import type { Env } from './secret';
import type { SecretReport } from './secret-fingerprint';
import { createWsEndpoint } from './ws/ws-endpoint';
import { startCognitoReference } from './cognito/start-cognito';

export interface StartOptions {
  /** The target's environment (never read from process.env here). */
  env: Env;
  /** Overrides `REFERENCE_PORT`; 0 = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface ReferenceTarget {
  port: number;
  /** What each service resolved, as it logs it at start-up: source and fingerprint, never the key. */
  secrets: { authService?: SecretReport; api?: SecretReport };
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Starts the reference target in-process. Throws a ConfigError before listening if the configuration is bad. */
export async function startReference(options: StartOptions): Promise<ReferenceTarget> {
  if (options.env['REFERENCE_MODE'] === 'cognito') return startCognitoReference(options); // seed 000's silent shape
  const config = loadConfig(options.env);
  const clock = createClock(clockOffsetSeconds(config.faults));

  // The services, each with its own keys and settings.
  const authService = await createAuthService(config, clock);
  const authenticator = await createAuthenticator(config, clock, authService);

  // The HTTP surface: add further route modules here.
  const routes = [...healthRoutes, ...authService.routes, ...createApiRoutes(config, authenticator)];
  // The edge (reference/app): app origin, CORS, API Gateway v2 route, cookie faults.
  const server = createServer(
    createEdge(config, authenticator, createRequestListener(routes, dateHeaderClock(clock, config.faults))),
  );
  const ws = await createWsEndpoint(config, clock, authService);
  server.on('upgrade', ws.handleUpgrade);

  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? config.port, host);
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    secrets: {
      ...(authService.secret ? { authService: authService.secret } : {}),
      ...(authenticator.secret ? { api: authenticator.secret } : {}),
    },
    close: () => (ws.close(), close(server)),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections (fetch keeps them) would otherwise hold close() open.
    server.closeAllConnections();
  });
}
