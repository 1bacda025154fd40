import type { Refusal } from '../../../helpers/diagnosis/ladder/ladder-state';
import type { HttpClient } from '../../../helpers/http/http-client';

/**
 * Sends `token` to the route a table row refuses, as a suite sends it (by the client's bearer, or in the
 * `access_token` cookie), and returns the refusal the ladder diagnoses.
 */
export async function sendRefused(
  client: HttpClient,
  url: string,
  token: string,
  delivery: 'header' | 'cookie',
  tokenOrigin?: Refusal['tokenOrigin'],
): Promise<Refusal> {
  const sentAtMs = Date.now();
  const exchange = await client.send(url, {
    useJar: false,
    ...(delivery === 'cookie' ? { headers: { cookie: `access_token=${token}` } } : { bearer: token }),
  });
  return { url, method: 'GET', exchange, token, delivery, sentAtMs, ...(tokenOrigin ? { tokenOrigin } : {}) };
}
