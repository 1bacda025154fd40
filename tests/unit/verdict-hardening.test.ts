import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import jwt from 'jsonwebtoken';
import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import { judgeNegativeAnswer } from '../../helpers/diagnosis/verdicts/negative-token';
import { buildHarness } from '../../helpers/harness';
import { answerOf } from '../../helpers/http/status-verdict';
import { negativeCases } from '../../helpers/token/negative-cases';

/**
 * The two hardening cases against a real verifier: jsonwebtoken 9 (it ignores `crit`) behind Node's http server, with
 * the header limit raised as a team might (256 KiB) and at Node's default (16 KiB). The tokens are the suite's own
 * negative cases, minted by the run's harness; accepted, they are warnings, never AC_INVALID_TOKEN_ACCEPTED.
 */

async function jsonwebtokenApi(secret: string, maxHeaderSize?: number): Promise<{ url: string; server: Server }> {
  const server = createServer(maxHeaderSize ? { maxHeaderSize } : {}, (request, response) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    try {
      jwt.verify(token ?? '', secret, {
        algorithms: ['HS256'],
        issuer: 'https://auth.reference.test',
        audience: 'reference-api',
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"sub":"alice"}');
    } catch (error) {
      response
        .writeHead(401, {
          'www-authenticate': `Bearer error="invalid_token", error_description="${(error as Error).message}"`,
        })
        .end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

for (const [limit, maxHeaderSize, oversized] of [
  ['256 KiB', 256 * 1024, 'AC_OVERSIZED_TOKEN_ACCEPTED'],
  ["Node's default 16 KiB", undefined, undefined],
] as const)
  test(`jsonwebtoken 9, header limit ${limit}: unknown crit → warning; oversized → ${oversized ?? 'refused (431)'}`, async () => {
    const secret = randomBytes(32).toString('base64url');
    const api = await jsonwebtokenApi(secret, maxHeaderSize);
    const harness = await buildHarness({
      envName: 'local',
      variables: {
        REFERENCE_TARGET: 'none',
        REFERENCE_PORT: new URL(api.url).port,
        TARGET_BASE_URL: api.url,
        JWT_SECRET_LOCAL: secret,
      },
    });
    const http = harness.http();
    try {
      const cases = await negativeCases(harness.config, harness.signingKey);
      const url = `${api.url}/api/v1/me`;
      const valid = await harness.mint();
      const control = await http.send(url, { bearer: valid, useJar: false });
      expect(control.status).toBe(200);
      const verdicts: Record<string, string | undefined> = {};
      for (const id of ['unknown-crit', 'oversized', 'alg-none']) {
        const negative = cases.find((item) => item.id === id)!;
        const token = await negative.build({ valid, mint: (overrides) => harness.mint(overrides) });
        const sent = await http.send(url, { bearer: token!, useJar: false });
        verdicts[id] = judgeNegativeAnswer({
          caseId: id,
          title: negative.title,
          answer: answerOf(sent),
          bearerChallenge: true,
          controlStatus: control.status,
          contract: { ...harness.config.contract, expectWwwAuthenticate: harness.config.expectWwwAuthenticate },
          alsoRefusals: negative.refusals ?? [],
        })?.code;
      }
      expect(verdicts).toEqual({ 'unknown-crit': 'AC_UNKNOWN_CRIT_ACCEPTED', oversized, 'alg-none': undefined });
      expect(CATALOGUE.AC_UNKNOWN_CRIT_ACCEPTED.severity).toBe('warning');
      expect(CATALOGUE.AC_OVERSIZED_TOKEN_ACCEPTED.severity).toBe('warning');
    } finally {
      await http.close();
      await harness.close();
      await new Promise((resolve) => api.server.close(resolve));
    }
  });
