import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from './clock';
import { sendJson } from './respond';

/**
 * Route modules (health, auth service, API, ...) each export a list of routes; start.ts concatenates them and this
 * turns the list into the server's request listener.
 */

export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, query string ignored. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export function createRequestListener(routes: readonly Route[], clock: Clock): RequestListener {
  return (req, res) => {
    // Every response carries the target's own (possibly skewed) time.
    res.setHeader('Date', clock.now().toUTCString());
    dispatch(routes, req, res).catch((error: unknown) => {
      console.error(
        `reference: unhandled error on ${req.method} ${pathOf(req)}: ${error instanceof Error ? error.message : 'unknown'}`,
      );
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      else res.destroy();
    });
  };
}

async function dispatch(routes: readonly Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = pathOf(req);
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const candidates = routes.filter((route) => route.path === path);
  const route = candidates.find((candidate) => candidate.method === method);
  if (route !== undefined) return route.handle(req, res);
  if (candidates.length > 0) {
    sendJson(
      res,
      405,
      { error: 'method_not_allowed' },
      { Allow: candidates.map((candidate) => candidate.method).join(', ') },
    );
    return;
  }
  sendJson(res, 404, { error: 'not_found' });
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
