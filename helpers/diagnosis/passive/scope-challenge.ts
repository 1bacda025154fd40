import type { RouteExpectation } from '../../env/schema';
import { diagnosis, type Diagnosis } from '../diagnosis';
import { bearerChallenge } from '../../http/www-authenticate';

/**
 * A route declared `403 insufficient_scope` must name that error in its challenge (RFC 6750 §3.1); call it once the
 * status matched. A route without a declared error has nothing to check.
 */
export function judgeScopeChallenge(
  route: RouteExpectation,
  wwwAuthenticate: string | undefined,
  responseHeaders: unknown,
): Diagnosis[] {
  if (route.error === undefined) return [];
  if (bearerChallenge(wwwAuthenticate)?.params['error'] === route.error) return [];
  return [
    diagnosis(
      'AC_INSUFFICIENT_SCOPE_CHALLENGE_MISSING',
      `${route.method} ${route.path}: 403 without WWW-Authenticate: Bearer error="${route.error}"`,
      { route: `${route.method} ${route.path}`, headers: responseHeaders },
    ),
  ];
}
