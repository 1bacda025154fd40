import type { KeyVerdict } from '../../oidc/verify-issued';
import { describeVerdict } from '../../oidc/verify-issued';
import { isJwt, opaqueTokenShape } from '../../token/decode-token';
import { tokenEncodingIssues } from '../passive/token-encoding';
import { diagnosis, type Diagnosis } from '../diagnosis';

/** The JWT checks never pass on an opaque token: they say it is not a JWT. Undefined for a JWT. */
export function notAJwt(token: string): Diagnosis | undefined {
  if (isJwt(token)) return undefined;
  return diagnosis('AC_TOKEN_NOT_JWT', `the login issued a token that is not a JWT (${opaqueTokenShape(token)})`, {
    shape: opaqueTokenShape(token),
  });
}

/** Each place the login returned the token (JSON field, cookie) whose value is not base64url. */
export function issuedTokenEncoding(places: readonly { where: string; raw: string }[]): Diagnosis[] {
  return places
    .map((place) => ({ ...place, issues: tokenEncodingIssues(place.raw) }))
    .filter((place) => place.issues.length > 0)
    .map((place) =>
      diagnosis(
        'AC_TOKEN_ENCODING_MISMATCH',
        `the token in the ${place.where} is not base64url (${place.issues.join(', ')})`,
        { where: place.where, issues: place.issues },
      ),
    );
}

/** The issued token checked through the provider's published keys; undefined when a key verified it as expected. */
export function issuedTokenThroughProvider(verdict: KeyVerdict | undefined): Diagnosis | undefined {
  if (!verdict || verdict.ok) return undefined;
  return diagnosis('AC_ISSUED_TOKEN_UNVERIFIABLE', describeVerdict(verdict), {
    problems: verdict.problems,
    tokenKid: verdict.tokenKid ?? null,
    publishedKids: verdict.publishedKids,
  });
}
