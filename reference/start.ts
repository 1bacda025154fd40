import { createServer, type RequestListener, type Server } from 'node:http';
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

/** The reference target's services behind one node:http request listener, not yet bound to a port. */
export interface ReferenceHandlers {
  /** The HTTP surface (edge, routes, faults): what the server calls for every request. */
  readonly listener: RequestListener;
  readonly secrets: ReferenceTarget['secrets'];
  readonly config: ReturnType<typeof loadConfig>;
  readonly clock: ReturnType<typeof createClock>;
  readonly authService: Awaited<ReturnType<typeof createAuthService>>;
}

/**
 * Builds the reference target's handlers from its environment without listening: tests reach them in process
 * (through an undici dispatcher) or `startReference` serves them on a port. Throws a ConfigError if the configuration is bad.
 */
export async function createReferenceHandlers(env: Env): Promise<ReferenceHandlers> {
  const config = loadConfig(env);
  const clock = createClock(clockOffsetSeconds(config.faults));

  // The services, each with its own keys and settings.
  const authService = await createAuthService(config, clock);
  const authenticator = await createAuthenticator(config, clock, authService);

  // The HTTP surface: add further route modules here.
  const routes = [...healthRoutes, ...authService.routes, ...createApiRoutes(config, authenticator)];
  // The edge (reference/app): app origin, CORS, API Gateway v2 route, cookie faults.
  const listener = createEdge(
    config,
    authenticator,
    createRequestListener(routes, dateHeaderClock(clock, config.faults)),
  );
  return {
    listener,
    config,
    clock,
    authService,
    secrets: {
      ...(authService.secret ? { authService: authService.secret } : {}),
      ...(authenticator.secret ? { api: authenticator.secret } : {}),
    },
  };
}

/** Starts the reference target in-process. Throws a ConfigError before listening if the configuration is bad. */
export async function startReference(options: StartOptions): Promise<ReferenceTarget> {
  // Seed 000's silent shape verifies with aws-jwt-verify, a development dependency: loaded only in that mode, so the
  // installed package's default reference target starts without it.
  if (options.env['REFERENCE_MODE'] === 'cognito')
    return (await import('./cognito/start-cognito')).startCognitoReference(options);
  const handlers = await createReferenceHandlers(options.env);
  const server = createServer(handlers.listener);
  const ws = await createWsEndpoint(handlers.config, handlers.clock, handlers.authService);
  server.on('upgrade', ws.handleUpgrade);

  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? handlers.config.port, host);
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    secrets: handlers.secrets,
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
