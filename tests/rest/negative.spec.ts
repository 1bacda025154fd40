import { controlRoute, routeUrl } from '../../helpers/auth/control-route';
import { acceptedNegativeCode } from '../../helpers/diagnosis/accepted-negative';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { parseWwwAuthenticate } from '../../helpers/http/www-authenticate';
import { INFRA_STATUSES, serverErrorDiagnosis } from '../../helpers/http/status-verdict';
import { publishedKeyFor } from '../../helpers/oidc/published-key';
import { placeholderToken } from '../../helpers/token/forged-key-cases';
import { NEGATIVE_CASE_IDS, negativeCases } from '../../helpers/token/negative-cases';
import { negativeCaseSkipReason } from '../../helpers/token/negative-skip-reason';
import { issueForOtherAudience } from '../../helpers/auth/other-audience';
import { test } from '../fixtures';

test.describe('tokens a correct backend refuses (401, or the declared BAD_TOKEN_STATUS), never 5xx', () => {
  for (const id of NEGATIVE_CASE_IDS) {
    test(`refuses: ${id}`, async ({ target, signingKey, mint, http, clock, issuedToken, provider, failWith }) => {
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
      const controlStatus = controlExchange?.status ?? 'none';
      if (!controlExchange || controlExchange.status < 200 || controlExchange.status >= 300) {
        test.info().annotations.push({
          type: 'inconclusive',
          description: `AC_INCONCLUSIVE: the valid control got ${controlStatus}`,
        });
        // Cases that need no valid signature still mean something: the target must refuse them whatever the control got.
        test.skip(needsControl, `inconclusive: the valid control got ${controlStatus} (see the minted-token check)`);
      }

      const token = await negative.build({
        valid,
        mint,
        issueFor: (resource) => issueForOtherAudience(http, target, resource),
      });
      const inQuery = negative.delivery === 'query' && token !== undefined;
      const sentUrl = inQuery ? `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}` : url;
      const exchange = await test.step(`send: ${negative.title}`, () =>
        http.send(sentUrl, {
          method: route.method,
          ...(token === undefined || inQuery ? {} : { bearer: token }),
          useJar: false,
          label: negative.title,
        }));
      // The declared statuses always count; a case may allow more (an oversized token may get 413 or 431).
      const declared = target.contract.badTokenStatuses;
      const refusals = [...new Set([...declared, ...(negative.refusals ?? [])])];
      const must = declared.join(' or ');
      const evidence = {
        route: `${route.method} ${route.path}`,
        case: negative.title,
        status: exchange.status,
        controlStatus,
      };
      if (exchange.status >= 200 && exchange.status < 400) {
        await failWith([
          diagnosis(
            acceptedNegativeCode(id),
            `${negative.title}: answered ${exchange.status}, must be ${must}`,
            evidence,
          ),
        ]);
      }
      // 429/502/503/504 come from a gateway or overload, not from the token: infrastructure (design notes §5).
      if (INFRA_STATUSES.has(exchange.status)) {
        const infra = await serverErrorDiagnosis(exchange, negative.title, async () => undefined);
        if (infra) await failWith([infra]);
      }
      if (exchange.status >= 500) {
        await failWith([
          diagnosis(
            'AC_INVALID_TOKEN_5XX',
            `${negative.title}: answered ${exchange.status} while the valid control got ${controlStatus}; must be ${must}`,
            evidence,
          ),
        ]);
      }
      if (!refusals.includes(exchange.status)) {
        await failWith([
          diagnosis(
            'AC_UNEXPECTED_STATUS',
            `${negative.title}: answered ${exchange.status}, expected ${refusals.join(' or ')} (RFC 6750, or BAD_TOKEN_STATUS)`,
            evidence,
          ),
        ]);
      }
      if (
        exchange.status === 401 &&
        target.expectWwwAuthenticate &&
        !parseWwwAuthenticate(exchange.header('www-authenticate')).some(
          (challenge) => challenge.scheme.toLowerCase() === 'bearer',
        )
      ) {
        await failWith([
          diagnosis(
            'AC_WWW_AUTHENTICATE_MISSING',
            `${negative.title}: 401 without a WWW-Authenticate: Bearer challenge`,
            { ...evidence, headers: exchange.record.responseHeaders },
          ),
        ]);
      }
    });
  }
});
