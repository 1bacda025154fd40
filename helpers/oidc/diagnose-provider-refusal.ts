import type { Clock } from '../clock/clock';
import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import { causeFromReason, readServerReason } from '../diagnosis/passive/server-reason';
import { bearerChallenge } from '../http/www-authenticate';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import { decodeToken } from '../token/decode-token';
import { isDeclaredRefusal } from '../diagnosis/verdicts/declared-refusal';
import { connectProvider } from './provider';
import { verifyThroughProvider } from './provider';
import type { KeyVerdict } from './verify-issued';

/** What jose, oidc-provider and most JWKS clients say when no published key matches the token's kid. */
const NO_KEY = /no applicable key|no matching key|kid|key set|jwks|unable to find a signing key|public key not found/i;

export interface ProviderRefusal {
  readonly exchange: HttpExchange;
  readonly token?: string | undefined;
  readonly expectedStatus?: number | undefined;
}

/**
 * Explains a refusal of a token the identity provider issued, without minting anything: the token is first checked
 * through the provider's own keys and metadata, then the API's words are read. Empty when the provider has no
 * published keys or the refused token is not one of its tokens (the generic probes then take over).
 */
export async function diagnoseProviderRefusal(
  http: HttpClient,
  config: TargetConfig,
  clock: Clock,
  refusal: ProviderRefusal,
): Promise<{ diagnoses: Diagnosis[]; verdict?: KeyVerdict | undefined }> {
  const token = refusal.token;
  if (!config.oauth || !token || !decodeToken(token).ok) return { diagnoses: [] };
  const provider = await connectProvider(http, config);
  const verdict = await verifyThroughProvider(provider, config, token, clock);
  if (!verdict) return { diagnoses: [] };
  const status = refusal.exchange.status;
  const challenge = bearerChallenge(refusal.exchange.header('www-authenticate'));
  const error = challenge?.params['error'];
  const description = readServerReason(refusal.exchange)?.text;
  const said = description ? ` (API: "${description}")` : '';
  const claims = decodeToken(token);
  const payload = claims.ok ? claims.token.payload : {};
  const evidence = {
    status,
    issuer: provider.issuer ?? null,
    tokenIss: payload['iss'] ?? null,
    tokenAud: payload['aud'] ?? null,
    tokenKid: verdict.tokenKid ?? null,
    verifiedKid: verdict.verifiedKid ?? null,
    publishedKids: verdict.publishedKids,
    apiError: error ?? null,
    apiErrorDescription: description ?? null,
  };

  if (status === 403 && error === 'insufficient_scope') {
    return {
      verdict,
      diagnoses: [
        diagnosis(
          'AC_INSUFFICIENT_SCOPE',
          `the API wants scope ${JSON.stringify(challenge?.params['scope'] ?? '(unnamed)')}; the token carries scope ${JSON.stringify(payload['scope'] ?? payload['scp'] ?? null)} (OAUTH_SCOPE=${JSON.stringify(config.oauth.scope ?? null)})`,
          { ...evidence, neededScope: challenge?.params['scope'] ?? null, tokenScope: payload['scope'] ?? null },
        ),
      ],
    };
  }
  if (!verdict.ok) {
    const failed = verdict.problems.map((problem) => problem.check);
    // Only expired (by this clock): the generic diagnosis reads the server's clock and names expiry or skew.
    if (failed.every((check) => check === 'exp') && payloadHasExp(token)) return { verdict, diagnoses: [] };
    const onlyClaims = failed.every((check) => check === 'iss' || check === 'aud');
    const found: Diagnosis[] = [];
    if (onlyClaims && failed.includes('aud'))
      found.push(
        diagnosis(
          'AC_AUDIENCE_DRIFT',
          `the provider issues aud=${JSON.stringify(payload['aud'])}; the env declares JWT_AUDIENCE=${JSON.stringify(config.jwt.audience)}${said}`,
          evidence,
        ),
      );
    if (onlyClaims && failed.includes('iss'))
      found.push(
        diagnosis(
          'AC_ISSUER_DRIFT',
          `the token says iss=${JSON.stringify(payload['iss'])}; the provider's discovery says ${JSON.stringify(provider.issuer)}${said}`,
          evidence,
        ),
      );
    if (found.length === 0)
      found.push(
        diagnosis(
          'AC_ISSUED_TOKEN_UNVERIFIABLE',
          `the provider's own token fails its published metadata: ${verdict.problems.map((problem) => `${problem.check}: ${problem.message}`).join('; ')}`,
          { ...evidence, problems: verdict.problems },
        ),
      );
    return { verdict, diagnoses: found };
  }

  // The token is the provider's, verified by its published key, with the right iss, aud and exp: the API is at odds.
  const cause = causeFromReason(description);
  const verified = `the token verifies with the provider's published key ${JSON.stringify(verdict.verifiedKid)}`;
  if (cause === 'issuer')
    return {
      verdict,
      diagnoses: [
        diagnosis(
          'AC_API_TRUSTS_OTHER_ISSUER',
          `${verified} and carries iss=${JSON.stringify(payload['iss'])} (the discovery issuer), but the API refuses its issuer${said}: the API trusts another pool or tenant`,
          evidence,
        ),
      ],
    };
  if (cause === 'audience')
    return {
      verdict,
      diagnoses: [
        diagnosis(
          'AC_AUDIENCE_DRIFT',
          `${verified} and carries aud=${JSON.stringify(payload['aud'])} (JWT_AUDIENCE), but the API refuses its audience${said}`,
          evidence,
        ),
      ],
    };
  if (cause === 'unknown-key' || (description && NO_KEY.test(description)))
    return {
      verdict,
      diagnoses: [
        diagnosis(
          'AC_KID_NOT_IN_API_JWKS',
          `${verified} (published now: ${verdict.publishedKids.join(', ')}), but the API finds no key for it${said}: its key set is pinned or stale (rotation)`,
          evidence,
        ),
      ],
    };
  if (cause === 'signature')
    return {
      verdict,
      diagnoses: [
        diagnosis(
          'AC_KID_NOT_IN_API_JWKS',
          `${verified}, but the API says the signature does not verify${said}: it verifies with other keys than the provider publishes`,
          evidence,
        ),
      ],
    };
  if (cause === 'algorithm')
    return {
      verdict,
      diagnoses: [
        diagnosis(
          'AC_ALG_DRIFT',
          `the provider signs ${String(verdict.tokenAlg)}; the API refuses the algorithm${said}`,
          evidence,
        ),
      ],
    };
  if (status === 401 || (status !== 403 && isDeclaredRefusal(status, config.contract)))
    return {
      verdict,
      diagnoses: [
        diagnosis(
          'AC_API_REFUSES_OWN_TOKENS',
          `${verified} and passes iss, aud and exp, yet the API refuses it${said || ' without a reason'}`,
          evidence,
        ),
      ],
    };
  return { verdict, diagnoses: [] };
}

function payloadHasExp(token: string): boolean {
  const decoded = decodeToken(token);
  return decoded.ok && typeof decoded.token.payload['exp'] === 'number';
}
