import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type CookieOptions, type NextFunction, type Request, type Response } from 'express';
import jwt from 'jsonwebtoken';
import type { RunningStack, StackOptions } from './stack-options';

/**
 * A session-cookie API protected by the csrf-csrf library (signed double submit bound to the session): the app
 * fetches its token from `GET /auth/csrf` (`{"csrfToken": …}`, csrf-csrf sets its own HttpOnly cookie) and sends
 * it as `x-csrf-token` on every state-changing request; csrf-csrf refuses others with 403 "invalid csrf token".
 * Faults: `csrf-not-enforced` (doubleCsrfProtection left off the refresh and logout routes).
 * It is somebody else's backend: it never imports the harness.
 */

const SESSION: CookieOptions = { path: '/', sameSite: 'lax', httpOnly: true };

export async function startCsrfEndpointStack(options: StackOptions): Promise<RunningStack> {
  const faults = new Set(options.faults ?? []);
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => `${options.secret}:csrf`,
    getSessionIdentifier: (req) => String((req.cookies as Record<string, unknown>)['session'] ?? ''),
    cookieName: 'csrf-secret',
    cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true },
    getCsrfTokenFromRequest: (req) => req.get('x-csrf-token'),
  });
  const csrf = faults.has('csrf-not-enforced')
    ? (_req: Request, _res: Response, next: NextFunction) => next()
    : doubleCsrfProtection;

  const app = express();
  app.use(express.json());
  app.use(cookieParser());
  const sign = (sub: string) =>
    jwt.sign({ sub }, options.secret, {
      algorithm: 'HS256',
      expiresIn: 900,
      issuer: options.issuer,
      audience: options.audience,
    });
  const subject = (req: Request): string | undefined => {
    const header = req.get('authorization');
    const token = header?.startsWith('Bearer ')
      ? header.slice('Bearer '.length)
      : (req.cookies as Record<string, string | undefined>)['session'];
    if (!token) return undefined;
    try {
      const decoded = jwt.verify(token, options.secret, {
        algorithms: ['HS256'],
        issuer: options.issuer,
        audience: options.audience,
        complete: true,
      });
      // jsonwebtoken ignores `crit` and accepts a token without exp: refused here on purpose.
      const claims = decoded.payload as jwt.JwtPayload;
      if ((decoded.header as { crit?: unknown }).crit !== undefined || typeof claims.exp !== 'number') return undefined;
      return typeof claims.sub === 'string' ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  };
  const unauthorized = (res: Response) =>
    res.status(401).set('www-authenticate', 'Bearer error="invalid_token"').json({ message: 'unauthorized' });

  app.post('/auth/login', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = body['username'];
    if (typeof username !== 'string' || options.users[username] !== body['password'])
      return res.status(401).json({ message: 'invalid credentials' });
    res.cookie('session', sign(username), SESSION).json({ ok: true });
  });
  app.get('/auth/csrf', (req: Request, res: Response) => {
    res.json({ csrfToken: generateCsrfToken(req, res) });
  });
  app.post('/auth/refresh', csrf, (req: Request, res: Response) => {
    const sub = subject(req);
    if (!sub) return unauthorized(res);
    res.cookie('session', sign(sub), SESSION).json({ ok: true });
  });
  app.post('/auth/logout', csrf, (_req: Request, res: Response) => {
    res.clearCookie('session', SESSION).json({ ok: true });
  });
  app.get('/api/me', (req: Request, res: Response) => {
    const sub = subject(req);
    if (!sub) return unauthorized(res);
    res.json({ username: sub });
  });
  // csrf-csrf raises an http-errors 403 (code EBADCSRFTOKEN); express would answer it as HTML.
  app.use(
    (
      error: { status?: number; message?: string; code?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      res.status(error.status ?? 500).json({ message: error.message, code: error.code });
    },
  );

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
