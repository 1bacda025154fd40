import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import jwt from 'jsonwebtoken';

/**
 * djangorestframework-simplejwt's contract, rebuilt with Express 5 and jsonwebtoken (HS256): TokenObtainPairView
 * (`POST /api/token/` JSON → `{refresh, access}`), TokenRefreshView (`POST /api/token/refresh/` with
 * `{"refresh": …}` in the body → `{access}`), and a JWTAuthentication-protected `GET /api/me/`. Tokens carry
 * simplejwt's `token_type`, `jti` and `user_id` claims, and its error bodies (`detail`, `code`, `messages`).
 * Faults: `refresh-blacklisted` (every refresh token is refused as blacklisted, as after a broken rotation).
 * It is somebody else's backend: it never imports the harness.
 */
export interface StackOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly users: Readonly<Record<string, { readonly id: number; readonly password: string }>>;
  readonly faults?: readonly string[];
}

export interface RunningStack {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startSimplejwtStack(options: StackOptions): Promise<RunningStack> {
  const faults = new Set(options.faults ?? []);
  const app = express();
  app.use(express.json());
  const sign = (claims: Record<string, unknown>, seconds: number) =>
    jwt.sign({ ...claims, jti: randomUUID().replaceAll('-', '') }, options.secret, {
      algorithm: 'HS256',
      expiresIn: seconds,
      issuer: options.issuer,
      audience: options.audience,
    });
  const verify = (token: string, type: 'access' | 'refresh'): jwt.JwtPayload | string => {
    try {
      const decoded = jwt.verify(token, options.secret, {
        algorithms: ['HS256'],
        issuer: options.issuer,
        audience: options.audience,
        complete: true,
      });
      const claims = decoded.payload as jwt.JwtPayload;
      // jsonwebtoken ignores `crit` and accepts a token without exp; simplejwt (PyJWT) refuses both.
      if ((decoded.header as { crit?: unknown }).crit !== undefined) return 'Token is invalid';
      if (typeof claims.exp !== 'number') return 'Token has no exp';
      if (claims['token_type'] !== type) return 'Token has wrong type';
      if (typeof claims.jti !== 'string') return 'Token has no id';
      return claims;
    } catch {
      return 'Token is invalid or expired';
    }
  };
  const invalid = (res: Response, message: string, status = 401) =>
    res
      .status(status)
      .set('www-authenticate', 'Bearer realm="api"')
      .json({ detail: 'Given token not valid for any token type', code: 'token_not_valid', messages: [{ message }] });

  app.post('/api/token/', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors: Record<string, string[]> = {};
    for (const field of ['username', 'password'])
      if (typeof body[field] !== 'string') errors[field] = ['This field is required.'];
    if (Object.keys(errors).length > 0) return res.status(400).json(errors);
    const user = options.users[body['username'] as string];
    if (!user || user.password !== body['password'])
      return res.status(401).json({ detail: 'No active account found with the given credentials' });
    res.json({
      refresh: sign({ token_type: 'refresh', user_id: user.id }, 86_400),
      access: sign({ token_type: 'access', user_id: user.id }, 300),
    });
  });

  app.post('/api/token/refresh/', (req: Request, res: Response) => {
    const refresh = ((req.body ?? {}) as Record<string, unknown>)['refresh'];
    if (typeof refresh !== 'string') return res.status(400).json({ refresh: ['This field is required.'] });
    if (faults.has('refresh-blacklisted'))
      return res.status(401).json({ detail: 'Token is blacklisted', code: 'token_not_valid' });
    const claims = verify(refresh, 'refresh');
    if (typeof claims === 'string') return res.status(401).json({ detail: claims, code: 'token_not_valid' });
    res.json({ access: sign({ token_type: 'access', user_id: claims['user_id'] }, 300) });
  });

  app.get('/api/me/', (req: Request, res: Response) => {
    const header = req.get('authorization');
    if (!header)
      return res
        .status(401)
        .set('www-authenticate', 'Bearer realm="api"')
        .json({ detail: 'Authentication credentials were not provided.' });
    const [scheme, token, extra] = header.split(' ');
    if (scheme !== 'Bearer' || !token || extra !== undefined)
      return invalid(res, 'Authorization header must contain two space-delimited values');
    const claims = verify(token, 'access');
    if (typeof claims === 'string') return invalid(res, claims);
    const user = Object.entries(options.users).find(([, item]) => item.id === claims['user_id']);
    if (!user) return invalid(res, 'User not found');
    res.json({ username: user[0] });
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
