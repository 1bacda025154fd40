import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cookieParser from 'cookie-parser';
import express, { type CookieOptions, type NextFunction, type Request, type Response } from 'express';
import jwt from 'jsonwebtoken';
import type { RunningStack, StackOptions } from './stack-options';

/**
 * flask-jwt-extended's cookie mode, rebuilt with Express 5, cookie-parser and jsonwebtoken, with a hand-written
 * double-submit check that follows flask-jwt-extended exactly: each JWT carries a `csrf` claim; login sets
 * `access_token_cookie` + `csrf_access_token` and `refresh_token_cookie` + `csrf_refresh_token` (the csrf cookies
 * readable by scripts); a state-changing request authenticated by cookie must send `X-CSRF-TOKEN` equal to the
 * token's `csrf` claim, else `401 {"msg": "Missing CSRF token"}` / `"CSRF double submit tokens do not match"`.
 * Tokens are read from the Authorization header first, then the cookie (JWT_TOKEN_LOCATION = headers, cookies).
 * Faults: `csrf-not-enforced` (JWT_COOKIE_CSRF_PROTECT = False).
 * It is somebody else's backend: it never imports the harness.
 */

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const COOKIE: CookieOptions = { path: '/', sameSite: 'lax' };

type Claims = jwt.JwtPayload & { type: string; csrf?: string };

export async function startCsrfCookieStack(options: StackOptions): Promise<RunningStack> {
  const faults = new Set(options.faults ?? []);
  const app = express();
  app.use(express.json());
  app.use(cookieParser());

  const issue = (res: Response, sub: string, kinds: ReadonlyArray<'access' | 'refresh'>) => {
    for (const type of kinds) {
      const csrf = randomUUID();
      const token = jwt.sign({ sub, type, fresh: false, csrf, jti: randomUUID() }, options.secret, {
        algorithm: 'HS256',
        expiresIn: type === 'access' ? 900 : 86_400,
        issuer: options.issuer,
        audience: options.audience,
      });
      res.cookie(`${type}_token_cookie`, token, { ...COOKIE, httpOnly: true });
      res.cookie(`csrf_${type}_token`, csrf, COOKIE);
    }
  };
  const refuse = (res: Response, msg: string) =>
    res.status(401).set('www-authenticate', 'Bearer error="invalid_token"').json({ msg });

  /** flask-jwt-extended's verify_jwt_in_request for one token type, with its CSRF rule for cookie tokens. */
  const jwtRequired = (type: 'access' | 'refresh') => (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const fromCookie = header === undefined;
    const token = header?.startsWith('Bearer ')
      ? header.slice('Bearer '.length)
      : (req.cookies as Record<string, string | undefined>)[`${type}_token_cookie`];
    if (!token) return refuse(res, 'Missing JWT in headers or cookies');
    let claims: Claims;
    try {
      const decoded = jwt.verify(token, options.secret, {
        algorithms: ['HS256'],
        issuer: options.issuer,
        audience: options.audience,
        complete: true,
      });
      // jsonwebtoken ignores `crit` and accepts a token without exp; PyJWT refuses an unknown crit.
      if ((decoded.header as { crit?: unknown }).crit !== undefined) return refuse(res, 'Invalid crit header');
      claims = decoded.payload as Claims;
      if (typeof claims.exp !== 'number') return refuse(res, 'Token has no exp');
    } catch {
      return refuse(res, 'Token is invalid or expired');
    }
    if (claims.type !== type) return refuse(res, `Only ${type} tokens are allowed`);
    if (fromCookie && STATE_CHANGING.has(req.method) && !faults.has('csrf-not-enforced')) {
      const sent = req.get('x-csrf-token');
      if (!sent) return refuse(res, 'Missing CSRF token');
      if (sent !== claims.csrf) return refuse(res, 'CSRF double submit tokens do not match');
    }
    res.locals['claims'] = claims;
    next();
  };

  app.post('/login', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = body['username'];
    if (typeof username !== 'string' || options.users[username] !== body['password'])
      return res.status(401).json({ msg: 'Bad username or password' });
    issue(res, username, ['access', 'refresh']);
    res.json({ login: true });
  });

  app.post('/token/refresh', jwtRequired('refresh'), (_req: Request, res: Response) => {
    issue(res, String((res.locals['claims'] as Claims).sub), ['access']);
    res.json({ refresh: true });
  });

  app.post('/logout', jwtRequired('access'), (_req: Request, res: Response) => {
    for (const name of ['access_token_cookie', 'csrf_access_token', 'refresh_token_cookie', 'csrf_refresh_token'])
      res.clearCookie(name, { ...COOKIE, ...(name.startsWith('csrf') ? {} : { httpOnly: true }) });
    res.json({ logout: true });
  });

  app.get('/api/me', jwtRequired('access'), (_req: Request, res: Response) => {
    res.json({ username: (res.locals['claims'] as Claims).sub });
  });
  app.post('/api/notes', jwtRequired('access'), (_req: Request, res: Response) => {
    res.status(201).json({ created: true });
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
