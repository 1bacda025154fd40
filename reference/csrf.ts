import type { IncomingMessage } from 'node:http';
import type { ReferenceConfig } from './config';

/** The host name of the app origin (the edge serves the app for it): kept equal to app/edge.ts's APP_HOST. */
const APP_HOST = 'localhost';

/**
 * The Origin check of a cookie-authenticated state-changing request: the request's own origin and the app origin (or
 * CORS_ALLOWED_ORIGINS) may change state; any other Origin may not. A request without Origin (a non-browser client)
 * passes: browsers always send Origin on a cross-origin POST. A Bearer request needs no check: a browser never adds
 * the header by itself.
 */
export function crossOriginRefusal(req: IncomingMessage, config: ReferenceConfig): string | undefined {
  if (config.faults.has('csrf-unprotected')) return undefined;
  if (/^Bearer\s/i.test(req.headers.authorization ?? '')) return undefined;
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const port = req.socket.localPort ?? 0;
  const configured = (config.env['CORS_ALLOWED_ORIGINS'] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const allowed = new Set([
    `http://${req.headers.host ?? ''}`,
    ...(configured.length > 0 ? configured : [`http://${APP_HOST}:${port}`]),
  ]);
  return allowed.has(origin) ? undefined : `Origin ${origin} may not change state with a session cookie`;
}
