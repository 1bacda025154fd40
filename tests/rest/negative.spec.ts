import { controlRoute, routeUrl } from '../../helpers/auth/control-route';
import { controlNotAccepted } from '../../helpers/diagnosis/verdicts/check-outcome';
import { droppedConnectionRefuses, judgeNegativeAnswer } from '../../helpers/diagnosis/verdicts/negative-token';
import { TargetUnreachableError } from '../../helpers/http/errors';
import { answerOf, infraAnswerDiagnosis, statusClass } from '../../helpers/http/status-verdict';
import { parseWwwAuthenticate } from '../../helpers/http/www-authenticate';
import { publishedKeyFor } from '../../helpers/oidc/published-key';
import { placeholderToken } from '../../helpers/token/forged-key-cases';
import { NEGATIVE_CASE_IDS, negativeCases } from '../../helpers/token/negative-cases';
import { negativeCaseSkipReason } from '../../helpers/token/negative-skip-reason';
import { issueForOtherAudience } from '../../helpers/auth/other-audience';
import { test } from '../fixtures';

test.describe('tokens a correct backend refuses (401, or the declared BAD_TOKEN_STATUS), never 5xx', () => {
  for (const id of NEGATIVE_CASE_IDS) {
    test(`refuses: ${id}`, async ({
      target,
      signingKey,
      mint,
      http,
      clock,
      issuedToken,
      provider,
      failWith,
      inconclusive,
    }) => {
      const route = controlRoute(target);
      test.skip(!route, 'no 2xx route in ROUTES to pair the negative case with');
      if (!route) return;
      // No-mint mode: the token the target issued is the control, and every case is built from it.
      const noMint = target.jwt.mint === 'none';
      const control = noMint ? issuedToken : await mint();
      const publicJwk = target.oauth
        ? async () => (control ? publishedKeyFor(await provider(), control) : undefined)
        : undefined;
      const negative = (await negativeCases(target, signingKey, publicJwk ? { publicJwk } : {})).find(
        (item) => item.id === id,
      );
      test.skip(!negative, negativeCaseSkipReason(target, id));
      if (!negative) return;
      test.skip(
        id === 'no-exp' && !target.contract.expRequired,
        'declared contract: JWT_EXP_REQUIRED=false (the backend knowingly accepts tokens without exp)',
      );
      const needsControl = negative.needsControl !== false;
      test.skip(
        !control && needsControl,
        'inconclusive: the target issued no token to build this case from (see the login check)',
      );
      const url = routeUrl(target, route);
      const valid = control ?? placeholderToken(target.jwt.alg, { sub: target.jwt.subject }, clock.now());

      const controlExchange = control
        ? await test.step('valid control on the same route and transport', () =>
            http.send(url, { method: route.method, bearer: control, useJar: false, label: 'valid control' }))
        : undefined;
      // A control answered by a redirect or a gateway: nothing on this route can be judged, infrastructure.
      const controlInfra = controlExchange && infraAnswerDiagnosis(controlExchange, 'valid control');
      if (controlInfra) await failWith([controlInfra]);
      // Cases that need no valid signature still mean something: the target must refuse them whatever the control got.
      if (needsControl && (!controlExchange || statusClass(controlExchange.status) !== 'accepted'))
        inconclusive(
          controlNotAccepted(`${route.method} ${route.path}`, controlExchange?.status, 'the minted-token check'),
          'the valid control was not accepted',
        );

      const token = await negative.build({
        valid,
        mint,
        issueFor: (resource) => issueForOtherAudience(http, target, resource),
      });
      const inQuery = negative.delivery === 'query' && token !== undefined;
      const sentUrl = inQuery ? `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}` : url;
      const sent = await test.step(`send: ${negative.title}`, () =>
        http
          .send(sentUrl, {
            method: route.method,
            ...(token === undefined || inQuery ? {} : { bearer: token }),
            useJar: false,
            label: negative.title,
          })
          .catch((error: unknown) => {
            // A server may cut off an oversized header instead of answering 431: a refusal of what was sent.
            if (error instanceof TargetUnreachableError && droppedConnectionRefuses(id, error.errorCode)) return error;
            throw error;
          }));
      if (sent instanceof TargetUnreachableError) {
        test.info().annotations.push({ type: 'refused', description: `connection dropped (${sent.errorCode})` });
        return;
      }
      const found = judgeNegativeAnswer({
        caseId: id,
        title: negative.title,
        answer: answerOf(sent),
        bearerChallenge: parseWwwAuthenticate(sent.header('www-authenticate')).some(
          (challenge) => challenge.scheme.toLowerCase() === 'bearer',
        ),
        controlStatus: controlExchange?.status,
        contract: { ...target.contract, expectWwwAuthenticate: target.expectWwwAuthenticate },
        alsoRefusals: negative.refusals ?? [],
        evidence: {
          route: `${route.method} ${route.path}`,
          ...(token !== undefined && !inQuery ? { authorizationBytes: `Bearer ${token}`.length } : {}),
        },
      });
      if (found)
        await failWith(
          [found],
          found.code === 'AC_WWW_AUTHENTICATE_MISSING' ? { headers: sent.record.responseHeaders } : {},
        );
    });
  }
});
