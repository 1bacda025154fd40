import type { SameSite } from '../cookies/parse-set-cookie';

/** What the env file says about one cookie (COOKIE_EXPECT), and the routes it must reach (COOKIE_ROUTES). */
export interface CookieExpectation {
  readonly name: string;
  readonly path?: string | undefined;
  readonly sameSite?: SameSite | undefined;
  readonly secure?: boolean | undefined;
  readonly httpOnly?: boolean | undefined;
  /** A Domain attribute value; `''` = host-only (no Domain attribute). Undefined = not checked. */
  readonly domain?: string | undefined;
  readonly partitioned?: boolean | undefined;
}

export interface CookieRoute {
  readonly method: string;
  readonly path: string;
}

type Issue = (message: string) => void;

/**
 * `access_token: Path=/; SameSite=None; Secure; HttpOnly | refresh_token: Path=/; SameSite=None; Secure`
 * Listed flags are required; `!HttpOnly` / `!Secure` require their absence; `Domain=` (empty) requires host-only.
 */
export function parseCookieExpectations(text: string, issue: Issue): CookieExpectation[] {
  const out: CookieExpectation[] = [];
  for (const [index, chunk] of text
    .split('|')
    .map((item) => item.trim())
    .filter(Boolean)
    .entries()) {
    const colon = chunk.indexOf(':');
    const name = (colon === -1 ? chunk : chunk.slice(0, colon)).trim();
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
      issue(
        `cookie ${index + 1}: expected "name: Attr=value; Flag", e.g. access_token: Path=/; SameSite=None; Secure; HttpOnly`,
      );
      continue;
    }
    const expectation: { -readonly [K in keyof CookieExpectation]: CookieExpectation[K] } = { name };
    for (const raw of (colon === -1 ? '' : chunk.slice(colon + 1))
      .split(';')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const sep = raw.indexOf('=');
      const key = (sep === -1 ? raw : raw.slice(0, sep)).trim().toLowerCase();
      const value = sep === -1 ? undefined : raw.slice(sep + 1).trim();
      if (key === 'path' && value?.startsWith('/')) expectation.path = value;
      else if (key === 'domain' && value !== undefined) expectation.domain = value;
      else if (key === 'samesite' && value !== undefined && /^(strict|lax|none)$/i.test(value))
        expectation.sameSite = (value[0]!.toUpperCase() + value.slice(1).toLowerCase()) as SameSite;
      else if (
        ['secure', 'httponly', 'partitioned', '!secure', '!httponly', '!partitioned'].includes(key) &&
        value === undefined
      ) {
        const required = !key.startsWith('!');
        const flag = key.replace('!', '');
        if (flag === 'secure') expectation.secure = required;
        else if (flag === 'httponly') expectation.httpOnly = required;
        else expectation.partitioned = required;
      } else
        issue(
          `cookie ${name}: unknown or malformed attribute "${key}" (known: Path=/…, Domain=…, SameSite=Strict|Lax|None, Secure, HttpOnly, Partitioned, !Flag)`,
        );
    }
    out.push(expectation);
  }
  if (out.length === 0) issue('expected at least one cookie');
  return out;
}

/** `access_token -> GET /api/v1/me, GET /api/v1/projects | refresh_token -> POST /api/v1/auth/refresh` */
export function parseCookieRoutes(text: string, issue: Issue): Record<string, CookieRoute[]> {
  const out: Record<string, CookieRoute[]> = {};
  for (const [index, chunk] of text
    .split('|')
    .map((item) => item.trim())
    .filter(Boolean)
    .entries()) {
    const arrow = chunk.indexOf('->');
    const name = arrow === -1 ? '' : chunk.slice(0, arrow).trim();
    if (name === '') {
      issue(`entry ${index + 1}: expected "cookie -> METHOD /path, METHOD /path"`);
      continue;
    }
    const routes: CookieRoute[] = [];
    for (const route of chunk
      .slice(arrow + 2)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const match = /^(GET|HEAD|POST|PUT|PATCH|DELETE)\s+(\/\S*)$/.exec(route);
      if (match === null) issue(`${name}: route "${route}" is not "METHOD /path"`);
      else routes.push({ method: match[1] as string, path: match[2] as string });
    }
    out[name] = [...(out[name] ?? []), ...routes];
  }
  return out;
}
