import type { IncomingMessage } from 'node:http';
import type { Authenticator } from '../authenticator';
import type { GatewayEventV2, GatewayResultV2, LambdaHandler } from './api-gateway';

/**
 * A Lambda-style `GET /me` behind the gateway. Healthy: the token from Authorization, else the access cookie from
 * headers.cookie AND event.cookies. `apigw-headers-cookie-only`: headers.cookie only, which API Gateway v2 never fills.
 */
export function createLambdaMe(
  authenticator: Authenticator,
  options: { headersCookieOnly: boolean; cookieName: string },
): LambdaHandler {
  return async (event: GatewayEventV2): Promise<GatewayResultV2> => {
    const parts = (event.headers['cookie'] ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean);
    if (!options.headersCookieOnly) parts.push(...(event.cookies ?? []));
    const cookie = parts.find((part) => part.startsWith(`${options.cookieName}=`));
    const headers: Record<string, string> = {};
    if (event.headers['authorization'] !== undefined) headers['authorization'] = event.headers['authorization'];
    if (cookie !== undefined) headers['cookie'] = cookie;
    // The shared authenticator reads only req.headers.
    const outcome = await authenticator.authenticate({ headers } as unknown as IncomingMessage);
    const json = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
    if (outcome.kind === 'authenticated')
      return { statusCode: 200, headers: json, body: JSON.stringify(outcome.principal) };
    if (outcome.kind === 'missing')
      return {
        statusCode: 401,
        headers: { ...json, 'www-authenticate': 'Bearer realm="reference"' },
        body: JSON.stringify({ error: 'unauthorized' }),
      };
    if (outcome.kind === 'invalid')
      return {
        statusCode: 401,
        headers: { ...json, 'www-authenticate': 'Bearer realm="reference", error="invalid_token"' },
        body: JSON.stringify({ error: 'invalid_token' }),
      };
    return { statusCode: 500, headers: json, body: JSON.stringify({ error: 'JWT library not available' }) };
  };
}
