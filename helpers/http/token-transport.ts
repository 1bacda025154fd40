/**
 * How the API takes its token (TOKEN_TRANSPORT): the Authorization header (RFC 6750 §2.1), a cookie (an API Gateway +
 * Lambda API reading `enceladus_id_token`), or both. The HTTP client applies it wherever a caller hands it a token, so
 * every check and negative case honours it; with `cookie`, no request carries an Authorization header.
 */
export type TokenTransportMode = 'header' | 'cookie' | 'both';

export interface TokenTransport {
  readonly mode: TokenTransportMode;
  /** The cookie the API reads the token from (required for cookie and both). */
  readonly cookie?: string | undefined;
}

export const HEADER_TRANSPORT: TokenTransport = { mode: 'header' };

/** Puts `token` where the transport says, into request headers whose names are lower-case. */
export function applyTokenTransport(
  headers: Record<string, string>,
  token: string,
  transport: TokenTransport = HEADER_TRANSPORT,
): void {
  if (transport.mode !== 'cookie') headers['authorization'] = `Bearer ${token}`;
  if (transport.mode === 'header') return;
  if (transport.cookie === undefined) throw new Error(`TOKEN_TRANSPORT=${transport.mode} needs a cookie name`);
  const pair = `${transport.cookie}=${token}`;
  headers['cookie'] = headers['cookie'] ? `${headers['cookie']}; ${pair}` : pair;
}

/** A short description for evidence and skip reasons: "Authorization header", "cookie enceladus_id_token", … */
export function describeTransport(transport: TokenTransport = HEADER_TRANSPORT): string {
  if (transport.mode === 'header') return 'Authorization header';
  const cookie = `cookie ${transport.cookie ?? '(unnamed)'}`;
  return transport.mode === 'cookie' ? cookie : `Authorization header and ${cookie}`;
}
