import { expect, test } from '@playwright/test';
import { buildHarness } from '../../helpers/harness';
import { isJwt, opaqueTokenShape } from '../../helpers/token/decode-token';
import { httpServer } from './support/probe-servers';

/**
 * A target whose login issues an opaque token (not a JWT) and whose API accepts only that token: the harness's minted
 * JWT is refused, and the diagnosis must say "not a JWT", never that the secrets differ.
 */
const OPAQUE = 'opq_7f3c9a1e5b2d4f60a8c1e3b5d7f9a2c4';

test('an opaque token is recognised: not a JWT, whatever its shape', () => {
  expect(isJwt(OPAQUE)).toBe(false);
  expect(isJwt('a.b.c')).toBe(false);
  expect(opaqueTokenShape(OPAQUE)).toContain('1 segment(s)');
  expect(opaqueTokenShape(OPAQUE)).not.toContain(OPAQUE);
});

test('a refused minted JWT on an opaque-token target: AC_TOKEN_NOT_JWT, never AC_SECRET_MISMATCH', async () => {
  const server = await httpServer((request, response) => {
    if (request.url === '/api/v1/auth/login')
      return void response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: OPAQUE }));
    if (request.url === '/health') return void response.writeHead(200).end('ok');
    const accepted = request.headers.authorization === `Bearer ${OPAQUE}`;
    response
      .writeHead(accepted ? 200 : 401, accepted ? {} : { 'www-authenticate': 'Bearer error="invalid_token"' })
      .end('{}');
  });
  const port = new URL(server.url).port;
  const harness = await buildHarness({
    envName: 'local',
    variables: {
      REFERENCE_PORT: port,
      REFERENCE_TARGET: 'none',
      JWT_SECRET_LOCAL: 'opaque-test-secret-0123456789abcdef0123',
    },
  });
  const http = harness.http({ retries: 0 });
  const url = `${server.url}/api/v1/me`;
  const token = await harness.mint();
  const exchange = await http.send(url, { bearer: token, useJar: false });
  expect(exchange.status).toBe(401);
  const report = await harness.diagnose({ url, method: 'GET', exchange, token, delivery: 'header' }, http);
  const codes = report.diagnoses.map((entry) => entry.code);
  expect(codes).toContain('AC_TOKEN_NOT_JWT');
  expect(codes).not.toContain('AC_SECRET_MISMATCH');
  expect(JSON.stringify(report)).not.toContain(OPAQUE);
  await http.close();
  await harness.close();
  await server.close();
});
