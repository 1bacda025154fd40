import { randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import type { Authenticator } from '../authenticator';
import type { ReferenceConfig } from '../config';
import { hasAppFault } from './app-faults';
import { toGatewayEvent, writeGatewayResult } from './api-gateway';
import { appHtml, appScript, serviceWorkerScript } from './app-page';
import { applyCors } from './cors';
import { rewriteSetCookies, SESSION_COOKIE } from './cookie-rewrite';
import { createLambdaMe } from './lambda-me';
import { loadWsSettings } from '../ws/ws-settings';

/** The API Gateway v2 route in front of the Lambda-style handler. */
export const GATEWAY_ME_PATH = '/gw/api/v1/me';
/** Requests for this host name are the app origin (another site than 127.0.0.1, where the API is). */
export const APP_HOST = 'localhost';

/**
 * What sits in front of the core listener, as in a deployment: the app origin (by Host: `localhost` is another site
 * than `127.0.0.1`), CORS with credentials for it, the API Gateway v2 route, and the cookie-attribute faults.
 * The app origin defaults to `http://localhost:<own port>`; `CORS_ALLOWED_ORIGINS` (comma-separated) overrides it.
 */
export function createEdge(
  config: ReferenceConfig,
  authenticator: Authenticator,
  inner: RequestListener,
): RequestListener {
  const lambda = createLambdaMe(authenticator, {
    headersCookieOnly: hasAppFault(config.faults, 'apigw-headers-cookie-only'),
    cookieName: SESSION_COOKIE,
  });
  const configured = (config.env['CORS_ALLOWED_ORIGINS'] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const filler = () => randomBytes(3300).toString('base64url');

  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const port = req.socket.localPort ?? 0;
    if (hostName(req) === APP_HOST) return serveApp(req, res, path, `http://127.0.0.1:${port}`, config);
    const allowed = new Set(configured.length > 0 ? configured : [`http://${APP_HOST}:${port}`]);
    if (applyCors(req, res, allowed)) return;
    rewriteCookiesOf(res, path, config, filler);
    if (path === GATEWAY_ME_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      lambda(toGatewayEvent(req, `GET ${GATEWAY_ME_PATH}`, path)).then(
        (result) => writeGatewayResult(res, result),
        () => writeGatewayResult(res, { statusCode: 500, body: '{"error":"internal"}' }),
      );
      return;
    }
    inner(req, res);
  };
}

function hostName(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':', 1)[0] ?? '');
}

function serveApp(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  apiOrigin: string,
  config: ReferenceConfig,
): void {
  const send = (type: string, body: string) => {
    res.writeHead(200, {
      'Content-Type': `${type}; charset=utf-8`,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    res.end();
  } else if (path === '/') send('text/html', appHtml());
  else if (path === '/app.js')
    send(
      'text/javascript',
      appScript(apiOrigin, `${apiOrigin.replace(/^http/, 'ws')}${loadWsSettings(config).path}`, {
        keepStorage: hasAppFault(config.faults, 'logout-keeps-storage'),
      }),
    );
  else if (path === '/sw.js')
    send('text/javascript', serviceWorkerScript({ cachesApi: hasAppFault(config.faults, 'sw-caches-auth') }));
  else {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }
}

/** Applies the cookie faults to whatever Set-Cookie the core writes (writeHead headers or setHeader). */
function rewriteCookiesOf(res: ServerResponse, path: string, config: ReferenceConfig, filler: () => string): void {
  const original = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const headers = args.find(
      (arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg),
    ) as OutgoingHttpHeaders | undefined;
    const key =
      headers === undefined ? undefined : Object.keys(headers).find((name) => name.toLowerCase() === 'set-cookie');
    const fromHeaders = key === undefined || headers === undefined ? undefined : headers[key];
    const fromSet = res.getHeader('set-cookie');
    const lines = [fromHeaders, fromSet].flatMap((value) =>
      value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)],
    );
    if (lines.length > 0) {
      if (key !== undefined && headers !== undefined) delete headers[key];
      res.setHeader('Set-Cookie', rewriteSetCookies(lines, path, config.faults, filler));
    }
    return original(...args);
  }) as ServerResponse['writeHead'];
}
