import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An API Gateway HTTP API (payload format 2.0) in front of a Lambda-style handler: like the real one, it moves the
 * request's cookies into `event.cookies` and does not pass a `cookie` header (seed 000, DVP-ISS-071).
 */
export interface GatewayEventV2 {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  requestContext: { http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string } };
  isBase64Encoded: boolean;
  body?: string;
}

export interface GatewayResultV2 {
  statusCode: number;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
}

export type LambdaHandler = (event: GatewayEventV2) => Promise<GatewayResultV2>;

export function toGatewayEvent(req: IncomingMessage, routeKey: string, path: string): GatewayEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value)
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean);
      continue;
    }
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = (req.url ?? '').indexOf('?');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: query === -1 ? '' : (req.url ?? '').slice(query + 1),
    ...(cookies === undefined ? {} : { cookies }),
    headers,
    requestContext: {
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
    },
    isBase64Encoded: false,
  };
}

export function writeGatewayResult(res: ServerResponse, result: GatewayResultV2): void {
  const headers: Record<string, string | string[]> = { ...(result.headers ?? {}) };
  if (result.cookies !== undefined && result.cookies.length > 0) headers['Set-Cookie'] = result.cookies;
  const body = result.body ?? '';
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(result.statusCode, headers);
  res.end(body);
}
