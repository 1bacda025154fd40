import { diagnosis, type Diagnosis } from '../diagnosis';

/** The issuer a verifier's message says it expected (jsonwebtoken "expected: X", aws-jwt-verify "Expected: X"). */
export function expectedIssuerIn(reason: string | undefined): string | undefined {
  const match = /expected:?\s+(\S+?)[.,;)]?(?:\s|$)/i.exec(reason ?? '');
  return match?.[1];
}

const spelling = (value: string) => value.trim().replace(/\/+$/, '').toLowerCase();

/**
 * A token verified by the provider's published key whose iss the API refuses while naming the issuer it expects: when
 * the two differ only in spelling (a trailing slash, case), the API trusts this very provider written differently —
 * not another pool or tenant.
 */
export function issuerSpellingDrift(
  tokenIssuer: unknown,
  reason: string | undefined,
  evidence: Record<string, unknown>,
): Diagnosis | undefined {
  const expected = expectedIssuerIn(reason);
  if (typeof tokenIssuer !== 'string' || !expected || expected === tokenIssuer) return undefined;
  if (spelling(expected) !== spelling(tokenIssuer)) return undefined;
  return diagnosis(
    'AC_ISSUER_SPELLING_DRIFT',
    `the token carries iss=${JSON.stringify(tokenIssuer)}; the API expects ${JSON.stringify(expected)}: the same provider spelled differently (server: "${reason}")`,
    { ...evidence, tokenIssuer, apiExpects: expected },
  );
}
