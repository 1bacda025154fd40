import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cookieParser from 'cookie-parser';
import express, { type CookieOptions, type Request, type Response } from 'express';
import jwt from 'jsonwebtoken';
import type { RunningStack, StackOptions } from './stack-options';

/**
 * A Python backend's hand-written PyJWT login, rebuilt with Express 5, cookie-parser and jsonwebtoken (HS256):
 * `jwt.encode({"sub", "type", "iat", "exp"})` with no `jti` and `iat` in whole seconds, so the same user logging in
 * twice within one second gets a byte-identical token. The server clock is injected (`nowSeconds`); a fixed clock
 * makes every login of a user byte-identical.
 * - `POST /auth/login` JSON {username, password} → `{access_token, refresh_token, token_type}` and the same tokens
 *   as `access_token` / `refresh_token` cookies (HttpOnly, SameSite=Lax, Path=/).
 * - `POST /auth/refresh` with the refresh cookie → a new access cookie.
 * - `GET /api/me` with `Authorization: Bearer` or the access cookie.
 * Refusals follow flask-jwt-extended's documented contract: 401 for a missing or expired token, **422** for a
 * malformed or badly signed token and for a token of the wrong type ("Only non-refresh tokens are allowed"); no
 * WWW-Authenticate. Faults: `keep-held-session` (a login that arrives with an access cookie keeps it: fixation),
 * `gateway-429-on-bearer` (a gateway in front rate-limits every Bearer call to /api/me but the first).
 * It is somebody else's backend: it never imports the harness.
 */
export interface PyjwtStackOptions extends StackOptions {
  /** The server clock in seconds; defaults to the real one. */
  readonly nowSeconds?: () => number;
}

const COOKIE: CookieOptions = { path: '/', sameSite: 'lax', httpOnly: true };
const TTL = { access: 900, refresh: 86_400 } as const;

export async function startPyjwtStack(options: PyjwtStackOptions): Promise<RunningStack> {
  const faults = new Set(options.faults ?? []);
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const app = express();
  app.use(express.json());
  app.use(cookieParser());

  const encode = (sub: string, type: 'access' | 'refresh') => {
    const iat = now();
    return jwt.sign(
      { sub, type, iat, exp: iat + TTL[type], iss: options.issuer, aud: options.audience },
      options.secret,
      { algorithm: 'HS256', noTimestamp: true },
    );
  };
  /** The claims, or the status and message the backend refuses with. */
  const decode = (token: string, type: 'access' | 'refresh'): jwt.JwtPayload | [number, string] => {
    try {
      const claims = jwt.verify(token, options.secret, {
        algorithms: ['HS256'],
        issuer: options.issuer,
        audience: options.audience,
        clockTimestamp: now(),
      }) as jwt.JwtPayload;
      if (claims['type'] !== type)
        return [422, `Only non-${claims['type'] === 'refresh' ? 'refresh' : 'access'} tokens are allowed`];
      return claims;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) return [401, 'Token has expired'];
      return [422, error instanceof jwt.JsonWebTokenError ? error.message : 'Invalid token'];
    }
  };
  const cookies = (req: Request) => (req.cookies ?? {}) as Record<string, string | undefined>;

  app.post('/auth/login', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = body['username'];
    if (typeof username !== 'string' || options.users[username] !== body['password'])
      return res.status(401).json({ msg: 'Bad username or password' });
    const held = cookies(req)['access_token'];
    if (faults.has('keep-held-session') && held) return res.json({ access_token: held, token_type: 'bearer' });
    const access = encode(username, 'access');
    const refresh = encode(username, 'refresh');
    res.cookie('access_token', access, COOKIE);
    res.cookie('refresh_token', refresh, COOKIE);
    res.json({ access_token: access, refresh_token: refresh, token_type: 'bearer' });
  });

  app.post('/auth/refresh', (req: Request, res: Response) => {
    const token = cookies(req)['refresh_token'];
    if (!token) return res.status(401).json({ msg: 'Missing cookie "refresh_token"' });
    const claims = decode(token, 'refresh');
    if (Array.isArray(claims)) return res.status(claims[0]).json({ msg: claims[1] });
    const access = encode(String(claims.sub), 'access');
    res.cookie('access_token', access, COOKIE);
    res.json({ access_token: access, token_type: 'bearer' });
  });

  let bearerCalls = 0;
  app.get('/api/me', (req: Request, res: Response) => {
    const header = req.get('authorization');
    if (faults.has('gateway-429-on-bearer') && header !== undefined && ++bearerCalls > 1)
      return res.status(429).set('retry-after', '30').type('text/plain').send('Too Many Requests');
    const token = header === undefined ? cookies(req)['access_token'] : /^Bearer (\S+)$/.exec(header)?.[1];
    if (header !== undefined && token === undefined)
      return res.status(422).json({ msg: "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'" });
    if (!token) return res.status(401).json({ msg: 'Missing Authorization Header' });
    const claims = decode(token, 'access');
    if (Array.isArray(claims)) return res.status(claims[0]).json({ msg: claims[1] });
    res.json({ username: claims.sub });
  });

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
