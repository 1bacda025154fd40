import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import { decodeToken } from '../token/decode-token';

/** The OAuth2 scope a token carries (`scope`, or Entra's `scp`), undefined when it has none. */
export function scopeOf(token: string | undefined): unknown {
  if (!token) return undefined;
  const decoded = decodeToken(token);
  return decoded.ok ? (decoded.token.payload['scope'] ?? decoded.token.payload['scp']) : undefined;
}

/** A route declared 403 for this identity answered 2xx to a token that carries scopes: the scope is not checked. */
export function scopeNotEnforced(
  route: string,
  expected: number,
  actual: number,
  token: string | undefined,
): Diagnosis | undefined {
  const scope = scopeOf(token);
  if (expected !== 403 || actual < 200 || actual >= 300 || scope === undefined) return undefined;
  return diagnosis(
    'AC_SCOPE_NOT_ENFORCED',
    `${route} must refuse this token (403 insufficient_scope) but answered ${actual}; the token's scope is ${JSON.stringify(scope)}`,
    { route, expected, actual, tokenScope: scope },
  );
}
