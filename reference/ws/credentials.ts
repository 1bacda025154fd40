import type { IncomingMessage } from 'node:http';
import { ACCESS_TOKEN_COOKIE } from '../authenticator';
import { parseCookieHeader } from '../cookies';
import { PROTOCOL_MARKER, QUERY_PARAM } from './ws-settings';

/**
 * Where the upgrade request carries its token, in this order: `Authorization: Bearer`, `Sec-WebSocket-Protocol:
 * bearer, <jwt>`, `?access_token=`, the `access_token` cookie. None: the client must authenticate with its first message.
 */
export type UpgradeCredential = { mode: 'header' | 'protocol' | 'query' | 'cookie'; token: string } | { mode: 'none' };

export function upgradeCredential(req: IncomingMessage): UpgradeCredential {
  const bearer = /^Bearer(?:\s+(.*))?$/i.exec(req.headers.authorization?.trim() ?? '');
  if (bearer !== null) return { mode: 'header', token: bearer[1]?.trim() ?? '' };
  const protocolToken = protocolCredential(req.headers['sec-websocket-protocol']);
  if (protocolToken !== undefined) return { mode: 'protocol', token: protocolToken };
  const query = new URL(req.url ?? '/', 'http://reference.invalid').searchParams.get(QUERY_PARAM);
  if (query !== null) return { mode: 'query', token: query };
  const cookie = parseCookieHeader(req.headers.cookie).get(ACCESS_TOKEN_COOKIE);
  if (cookie !== undefined && cookie !== '') return { mode: 'cookie', token: cookie };
  return { mode: 'none' };
}

/** `Sec-WebSocket-Protocol: bearer, <jwt>`: the entry after the marker (the server answers with the marker only). */
function protocolCredential(header: string | undefined): string | undefined {
  const offered = (header ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const index = offered.indexOf(PROTOCOL_MARKER);
  return index === -1 ? undefined : (offered.find((item, position) => position !== index) ?? '');
}

/**
 * The Origin check: unset allowlist = same origin (Origin host equals Host) or the app origin (`appOrigin`, the page the
 * target serves itself, as for CORS); no Origin header = not a browser, allowed.
 */
export function originAllowed(
  req: IncomingMessage,
  allowed: readonly string[] | undefined,
  appOrigin: string,
): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed !== undefined) return allowed.includes(origin.replace(/\/+$/, ''));
  if (origin.replace(/\/+$/, '') === appOrigin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
