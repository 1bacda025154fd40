import type { WsConfig } from '../../helpers/env/ws-config';

/**
 * The WebSocket description of the reference target's /ws endpoint, as its env block would give it
 * (env/local.env, WS_*): for tests and benchmarks that drive the harness's ws client without loading an env file.
 */
export function referenceWsConfig(targetUrl: string, overrides: Partial<WsConfig> = {}): WsConfig {
  return {
    url: `${targetUrl.replace(/^http/, 'ws')}/ws`,
    modes: ['header', 'protocol', 'query', 'cookie', 'message'],
    refusal: 'http-401',
    messageRefusal: 'close-4401',
    protocolMarker: 'bearer',
    queryParam: 'access_token',
    cookie: 'access_token',
    authMessage: '{"type":"auth","token":"{{token}}"}',
    welcomeType: 'welcome',
    welcomeField: 'sub',
    echoMessage: '{"type":"echo","data":"{{nonce}}"}',
    allowedOrigin: targetUrl,
    foreignOrigin: 'https://attacker.invalid',
    expiryGraceMs: 3000,
    timeoutMs: 5000,
    ...overrides,
  };
}
