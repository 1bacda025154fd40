import type { TargetEnv } from './schema';

/**
 * How the target's WebSocket endpoint authenticates and refuses, as declared in the env file (WS_* keys). Everything the
 * WebSocket suite expects comes from here: nothing is tuned to the reference target.
 */

export const WS_AUTH_MODES = ['header', 'protocol', 'query', 'cookie', 'message'] as const;
export type WsAuthMode = (typeof WS_AUTH_MODES)[number];

/** How bad credentials presented at the upgrade are refused. */
export const WS_REFUSALS = ['http-401', 'http-403', 'close-1008', 'close-4401', 'close-4403'] as const;
export type WsRefusal = (typeof WS_REFUSALS)[number];

/** How a bad first-message authentication is refused (the connection is already open). */
export const WS_MESSAGE_REFUSALS = ['close-1008', 'close-4401', 'close-4403'] as const;
export type WsMessageRefusal = (typeof WS_MESSAGE_REFUSALS)[number];

export interface WsConfig {
  /** ws:// or wss:// URL of the endpoint. */
  readonly url: string;
  readonly modes: readonly WsAuthMode[];
  readonly refusal: WsRefusal;
  readonly messageRefusal: WsMessageRefusal;
  /** `Sec-WebSocket-Protocol: <marker>, <token>`; the server must select the marker. */
  readonly protocolMarker: string;
  readonly queryParam: string;
  readonly cookie: string;
  /** JSON template of the first-message auth, `{{token}}` is replaced. */
  readonly authMessage: string;
  /** The `type` of the message that proves who the server thinks you are. */
  readonly welcomeType: string;
  /** Dotted path, in that message, of the user name. */
  readonly welcomeField: string;
  /** JSON template of a message the server answers to its sender only; `{{nonce}}` is replaced and must come back. */
  readonly echoMessage: string;
  /** Origin sent by the controls (a browser on the app's own origin). */
  readonly allowedOrigin: string;
  /** Origin of the cross-site WebSocket hijacking case. */
  readonly foreignOrigin: string;
  /** How late after exp + leeway the expiry close may come. */
  readonly expiryGraceMs: number;
  /** Bound on every wait for a frame, a close or a refusal. */
  readonly timeoutMs: number;
}

/** ws(s) URL from WS_URL, or TARGET_BASE_URL with its scheme swapped + WS_PATH. */
export function websocketUrl(
  baseUrl: string,
  path: string | undefined,
  explicit: string | undefined,
): string | undefined {
  if (explicit !== undefined) return explicit;
  if (path === undefined) return undefined;
  return `${baseUrl.replace(/^http/, 'ws')}${path}`;
}

export function originOf(url: string): string {
  return new URL(url).origin;
}

/** The WS_* keys of a validated env, shaped for use; undefined when no endpoint is declared. */
export function toWsConfig(env: TargetEnv): WsConfig | undefined {
  const url = websocketUrl(env.TARGET_BASE_URL, env.WS_PATH, env.WS_URL);
  if (url === undefined) return undefined;
  return {
    url,
    modes: env.WS_AUTH_MODES,
    refusal: env.WS_REFUSAL,
    messageRefusal: env.WS_MESSAGE_REFUSAL,
    protocolMarker: env.WS_PROTOCOL_MARKER,
    queryParam: env.WS_QUERY_PARAM,
    cookie: env.WS_COOKIE ?? env.TOKEN_COOKIE ?? env.LOGIN_TOKEN_COOKIE ?? 'access_token',
    authMessage: env.WS_AUTH_MESSAGE,
    welcomeType: env.WS_WELCOME_TYPE,
    welcomeField: env.WS_WELCOME_FIELD,
    echoMessage: env.WS_ECHO_MESSAGE,
    allowedOrigin: env.WS_ALLOWED_ORIGIN ?? originOf(env.TARGET_BASE_URL),
    foreignOrigin: env.WS_FOREIGN_ORIGIN,
    expiryGraceMs: env.WS_EXPIRY_GRACE,
    timeoutMs: env.WS_TIMEOUT,
  };
}
