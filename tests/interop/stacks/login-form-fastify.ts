import formbody from '@fastify/formbody';
import fastifyJwt from '@fastify/jwt';
import Fastify, { type FastifyReply } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { RunningStack, StackOptions } from './stack-options';

/**
 * FastAPI's OAuth2 tutorial (OAuth2PasswordRequestForm + a bearer-protected /users/me/), rebuilt with Fastify,
 * @fastify/formbody and @fastify/jwt (HS256): the token endpoint takes a form-encoded body only, as every OAuth2
 * password grant does. Faults: `no-formbody` (the form parser is missing: 415 on the form login).
 * It is somebody else's backend: it never imports the harness.
 */

export async function startFormLoginStack(options: StackOptions): Promise<RunningStack> {
  const app = Fastify({ logger: false });
  if (!options.faults?.includes('no-formbody')) await app.register(formbody);
  await app.register(fastifyJwt, {
    secret: options.secret,
    sign: { algorithm: 'HS256', iss: options.issuer, aud: options.audience, expiresIn: '15m' },
    verify: {
      algorithms: ['HS256'],
      allowedIss: options.issuer,
      allowedAud: options.audience,
      requiredClaims: ['exp'],
    },
  });

  app.post('/token', async (request, reply) => {
    // Like FastAPI's Form(...) parameters: a body of another content type leaves every form field missing.
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = (isForm ? (request.body ?? {}) : {}) as Record<string, unknown>;
    const missing = ['username', 'password'].filter((field) => typeof form[field] !== 'string');
    if (missing.length > 0)
      return reply.code(422).send({
        detail: missing.map((field) => ({ type: 'missing', loc: ['body', field], msg: 'Field required', input: null })),
      });
    if (form['grant_type'] !== undefined && form['grant_type'] !== 'password')
      return reply.code(422).send({
        detail: [
          {
            type: 'string_pattern_mismatch',
            loc: ['body', 'grant_type'],
            msg: "String should match pattern '^password$'",
          },
        ],
      });
    const username = form['username'] as string;
    if (options.users[username] !== form['password'])
      return reply.code(400).send({ detail: 'Incorrect username or password' });
    const accessToken = await reply.jwtSign({ sub: username });
    return { access_token: accessToken, token_type: 'bearer' };
  });

  // @fastify/jwt answers 500 for some verification errors (FAST_JWT_INACTIVE, unknown crit) and sends no
  // WWW-Authenticate: a careful app maps every verification failure to 401 Bearer, as FastAPI's tutorial does.
  const unauthorized = (reply: FastifyReply) =>
    reply.code(401).header('www-authenticate', 'Bearer').send({ detail: 'Could not validate credentials' });

  app.get('/users/me/', async (request, reply) => {
    try {
      const claims = await request.jwtVerify<{ sub: string }>();
      return { username: claims.sub };
    } catch {
      return unauthorized(reply);
    }
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
