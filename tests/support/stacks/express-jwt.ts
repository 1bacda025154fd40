import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import jwt from 'jsonwebtoken';

/**
 * An API as a team writes it with Express 5 and jsonwebtoken 9, following flask-jwt-extended's conventions:
 * a missing or expired token gets 401, any other bad token 422, a JSON `msg`, and no WWW-Authenticate. Healthy
 * by its own contract (declared in env/express-422.env), not by the RFCs' defaults. It runs on loopback in the
 * test process; the harness talks to it over real sockets and knows nothing of this code.
 */
export type ExpressStackFault =
  /** verify() told to ignore exp: an expired token is accepted (a real hole, severity error). */
  'expired-accepted';

export interface ExpressStack {
  readonly url: string;
  close(): Promise<void>;
}

export interface ExpressStackOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly users: Readonly<Record<string, { password: string; role: string }>>;
  readonly faults?: readonly ExpressStackFault[];
}

export async function startExpressStack(options: ExpressStackOptions): Promise<ExpressStack> {
  const faults = new Set(options.faults ?? []);
  const app = express();
  app.use(express.json());

  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  app.post('/api/v1/auth/login', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const user = typeof body.username === 'string' ? options.users[body.username] : undefined;
    if (!user || user.password !== body.password) {
      res.status(401).json({ msg: 'Bad username or password' });
      return;
    }
    const token = jwt.sign({ role: user.role }, options.secret, {
      algorithm: 'HS256',
      subject: String(body.username),
      issuer: options.issuer,
      audience: options.audience,
      expiresIn: '5m',
    });
    res.json({ access_token: token });
  });

  const requireJwt = (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization');
    if (!header) {
      res.status(401).json({ msg: 'Missing Authorization Header' });
      return;
    }
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) {
      res.status(422).json({ msg: "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'" });
      return;
    }
    try {
      const decoded = jwt.verify(token, options.secret, {
        algorithms: ['HS256'],
        issuer: options.issuer,
        audience: options.audience,
        complete: true,
        ignoreExpiration: faults.has('expired-accepted'),
      });
      // jsonwebtoken ignores `crit`; a careful team refuses extensions it does not understand (RFC 7515 §4.1.11).
      if ((decoded.header as { crit?: unknown }).crit !== undefined) {
        res.status(422).json({ msg: 'Unsupported critical header' });
        return;
      }
      res.locals['claims'] = decoded.payload;
      next();
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) res.status(401).json({ msg: 'Token has expired' });
      else res.status(422).json({ msg: error instanceof Error ? error.message : 'Invalid token' });
    }
  };

  app.get('/api/v1/me', requireJwt, (_req, res) => {
    const claims = res.locals['claims'] as jwt.JwtPayload;
    res.json({ sub: claims.sub, role: claims['role'] });
  });
  app.get('/api/v1/projects', requireJwt, (_req, res) => {
    res.json([{ id: 1, name: 'canary' }]);
  });
  app.get('/api/v1/admin/users', requireJwt, (_req, res) => {
    const claims = res.locals['claims'] as jwt.JwtPayload;
    if (claims['role'] !== 'admin') {
      res.status(403).json({ msg: 'Admins only' });
      return;
    }
    res.json([]);
  });

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
