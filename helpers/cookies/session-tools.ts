import type { CookieConfig } from '../env/cookie-config';
import type { TargetConfig } from '../env/target-config';
import { httpClientFactory } from '../harness/http-factory';
import type { HttpClient } from '../http/http-client';
import type { SessionTools } from './session-checks';

/** The Origin an attacker's page has when the env names none (WS_FOREIGN_ORIGIN's default too). */
export const DEFAULT_FOREIGN_ORIGIN = 'https://attacker.invalid';

/** Session tools for a target: every client they make is kept, so `close()` ends them all and `records()` shows them. */
export function createSessionTools(
  config: TargetConfig,
  cookies: CookieConfig,
): { tools: SessionTools; records: () => unknown[]; close: () => Promise<void> } {
  const clients: HttpClient[] = [];
  const http = httpClientFactory(config);
  const tools: SessionTools = {
    config,
    cookies,
    foreignOrigin: config.ws?.foreignOrigin ?? DEFAULT_FOREIGN_ORIGIN,
    newClient: () => {
      // No retries: every answer is evidence (an auth assertion is never retried).
      const client = http({ retries: 0 });
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
