import { controlRoute, routeUrl } from '../../helpers/auth/control-route';
import { diagnosis } from '../../helpers/diagnosis/diagnosis';
import { parseWwwAuthenticate } from '../../helpers/diagnosis/passive/www-authenticate';
import { isWeakSecretCase, NEGATIVE_CASE_IDS, negativeCases } from '../../helpers/token/negative-cases';
import { test } from '../fixtures';

test.describe('tokens a correct backend refuses (401, or the declared BAD_TOKEN_STATUS), never 5xx', () => {
  for (const id of NEGATIVE_CASE_IDS) {
    test(`refuses: ${id}`, async ({ target, signingKey, mint, http, failWith }) => {
      const route = controlRoute(target);
      test.skip(!route, 'no 2xx route in ROUTES to pair the negative case with');
      if (!route) return;
      const negative = (await negativeCases(target, signingKey)).find((item) => item.id === id);
      test.skip(!negative, `not applicable to this target's configuration (${id})`);
      if (!negative) return;
      test.skip(
        id === 'no-exp' && !target.contract.expRequired,
        'declared contract: JWT_EXP_REQUIRED=false (the backend knowingly accepts tokens without exp)',
      );
      const url = routeUrl(target, route);
      const valid = await mint();

      const control = await test.step('valid control on the same route and transport', () =>
        http.send(url, { method: route.method, bearer: valid, useJar: false, label: 'valid control' }));
      if (control.status < 200 || control.status >= 300) {
        test.info().annotations.push({
          type: 'inconclusive',
          description: `AC_INCONCLUSIVE: the valid control got ${control.status}`,
        });
        test.skip(true, `inconclusive: the valid control got ${control.status} (see the minted-token check)`);
      }

      const token = await negative.build({ valid, mint });
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
        controlStatus: control.status,
      };
      if (exchange.status >= 200 && exchange.status < 400) {
        await failWith([
          diagnosis(
            id === 'no-credentials'
              ? 'AC_MISSING_CREDENTIALS_ACCEPTED'
              : id === 'no-exp'
                ? 'AC_EXP_NOT_REQUIRED'
                : isWeakSecretCase(id)
                  ? 'AC_WEAK_SECRET_ACCEPTED'
                  : 'AC_INVALID_TOKEN_ACCEPTED',
            `${negative.title}: answered ${exchange.status}, must be ${must}`,
            evidence,
          ),
        ]);
      }
      if (exchange.status >= 500) {
        await failWith([
          diagnosis(
            'AC_INVALID_TOKEN_5XX',
            `${negative.title}: answered ${exchange.status} while the valid control got ${control.status}; must be ${must}`,
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
