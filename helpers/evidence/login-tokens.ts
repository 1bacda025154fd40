import type { HttpExchange } from '../http/exchange';

/** One token a login returned, named by where it was (a JSON path, a cookie) and the kind of token it is. */
export interface LoginToken {
  readonly from: string;
  readonly kind: 'id' | 'access' | 'refresh' | 'unknown';
  readonly token: string;
}

const JWT = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+$/;

function kindOf(from: string, token: string): LoginToken['kind'] {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const use = payload['token_use'] ?? payload['token_type'] ?? payload['typ'];
    if (typeof use === 'string') {
      if (/^id$/i.test(use) || /^id[_ ]?token$/i.test(use)) return 'id';
      if (/access|^at\+jwt$|^bearer$/i.test(use)) return 'access';
      if (/refresh/i.test(use)) return 'refresh';
    }
  } catch {
    // Not a readable payload: the name decides.
  }
  const name = from.toLowerCase();
  if (/refresh/.test(name)) return 'refresh';
  if (/(^|[^a-z])id[_-]?token|idtoken/.test(name)) return 'id';
  if (/access/.test(name)) return 'access';
  return 'unknown';
}

/**
 * Every JWT a login answer carried: JSON fields at any depth (Cognito's AuthenticationResult.IdToken / AccessToken,
 * OIDC's id_token / access_token) and Set-Cookie values, each once, with its kind (token_use / token_type claim,
 * else the field's name). Refresh tokens are listed but never an API credential.
 */
export function tokensInLogin(exchange: HttpExchange | undefined): LoginToken[] {
  if (!exchange) return [];
  const found: LoginToken[] = [];
  const add = (from: string, token: string) => {
    if (JWT.test(token) && !found.some((entry) => entry.token === token))
      found.push({ from, kind: kindOf(from, token), token });
  };
  const walk = (value: unknown, path: string, depth: number) => {
    if (depth > 4) return;
    if (typeof value === 'string') add(path, value);
    else if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key, depth + 1);
  };
  walk(exchange.json(), '', 0);
  for (const header of exchange.setCookies()) {
    const pair = header.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) add(`cookie ${pair.slice(0, eq).trim()}`, pair.slice(eq + 1).trim());
  }
  return found;
}
