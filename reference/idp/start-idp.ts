import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Env } from '../secret';
import { loadIdpConfig } from './idp-config';
import { createIdpListener } from './idp-listener';

/**
 * The reference target's identity-provider mode (`REFERENCE_MODE=idp`): one origin serving an OpenID provider
 * (discovery, JWKS after a key rotation, a form-encoded token endpoint) and the tenant's API that verifies its tokens
 * through the JWKS. Its own code: it shares nothing with the harness.
 */
export interface IdpReference {
  readonly port: number;
  readonly url: string;
  /** The issuer identifier (= url). */
  readonly issuer: string;
  readonly kids: { readonly current: string; readonly retired: string };
  close(): Promise<void>;
}

export async function startIdpReference(options: { env: Env; port?: number; host?: string }): Promise<IdpReference> {
  const config = loadIdpConfig(options.env);
  const host = options.host ?? '127.0.0.1';
  let issuer = '';
  const idp = await createIdpListener(options.env, () => issuer);
  const server = createServer(idp.listener);
  const port = await listen(server, options.port ?? config.port, host);
  issuer = `http://${host}:${port}`;
  return {
    port,
    url: issuer,
    issuer,
    kids: idp.kids,
    close: () => close(server),
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
    server.closeAllConnections();
  });
}
