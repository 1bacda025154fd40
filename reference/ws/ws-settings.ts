import type { ReferenceConfig } from '../config';
import { ConfigError } from '../config-error';

/** The WebSocket endpoint's own settings, read from the target's env (its variable names, like a real backend). */
export interface WsSettings {
  /** `WS_PATH`, default `/ws`. */
  path: string;
  /**
   * `WS_ALLOWED_ORIGINS`: comma-separated origins allowed to open a connection. Unset: same origin only (the Origin's
   * host equals the Host header). A request without an Origin header (not a browser) is not subject to the check.
   */
  allowedOrigins: readonly string[] | undefined;
  /** `WS_AUTH_TIMEOUT_SECONDS`: how long an unauthenticated connection may wait for its auth message. Default 10. */
  authTimeoutMs: number;
}

export const PROTOCOL_MARKER = 'bearer';
export const QUERY_PARAM = 'access_token';

export function loadWsSettings(config: Pick<ReferenceConfig, 'env'>): WsSettings {
  const { env } = config;
  const path = env.WS_PATH === undefined || env.WS_PATH === '' ? '/ws' : env.WS_PATH;
  if (!path.startsWith('/')) throw new ConfigError('WS_PATH must start with /');
  const origins = env.WS_ALLOWED_ORIGINS?.split(',')
    .map((item) => item.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const timeout = env.WS_AUTH_TIMEOUT_SECONDS ?? '';
  if (timeout !== '' && !/^\d+$/.test(timeout)) throw new ConfigError('WS_AUTH_TIMEOUT_SECONDS must be a whole number');
  return {
    path,
    allowedOrigins: origins === undefined || origins.length === 0 ? undefined : origins,
    authTimeoutMs: (timeout === '' ? 10 : Number(timeout)) * 1000,
  };
}
