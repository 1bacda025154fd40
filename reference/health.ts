import type { Route } from './router';
import { sendJson } from './respond';

export const healthRoutes: readonly Route[] = [
  { method: 'GET', path: '/health', handle: (_req, res) => sendJson(res, 200, { ok: true }) },
];
