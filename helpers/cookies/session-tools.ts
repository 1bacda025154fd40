import type { CookieConfig } from '../env/cookie-config';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { SessionTools } from './session-checks';

/** The Origin an attacker's page has when the env names none (WS_FOREIGN_ORIGIN's default too). */
export const DEFAULT_FOREIGN_ORIGIN = 'https://attacker.invalid';

/**
 * Session tools for a target: every client they make (with `makeClient`, the harness's factory) is kept, so `close()`
 * ends them all and `records()` shows them.
 */
export function createSessionTools(
  config: TargetConfig,
  cookies: CookieConfig,
  makeClient: () => HttpClient,
): { tools: SessionTools; records: () => unknown[]; close: () => Promise<void> } {
  const clients: HttpClient[] = [];
  const tools: SessionTools = {
    config,
    cookies,
    foreignOrigin: config.ws?.foreignOrigin ?? DEFAULT_FOREIGN_ORIGIN,
    newClient: () => {
      const client = makeClient();
      clients.push(client);
      return client;
    },
  };
  return {
    tools,
    records: () => clients.flatMap((client) => client.records),
    close: async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()));
    },
  };
}
