import { compactVerify, importJWK, type JWK } from 'jose';
import type { Clock } from '../clock/clock';
import { decodeToken } from '../token/decode-token';
import type { ProviderKeys } from './jwks';

/** One check of an issued token against the provider's published keys and the env's declarations. */
export type KeyCheck = 'decode' | 'kid' | 'alg' | 'signature' | 'iss' | 'aud' | 'exp';

export interface KeyProblem {
  readonly check: KeyCheck;
  readonly message: string;
}

export interface KeyVerdict {
  /** True when the signature verifies with a published key and every claim check passes. */
  readonly ok: boolean;
  /** The kid of the published key that verified the signature. */
  readonly verifiedKid?: string | undefined;
  readonly tokenKid?: string | undefined;
  readonly tokenAlg?: string | undefined;
  /** The kids the JWKS published when checked. */
  readonly publishedKids: readonly string[];
  readonly problems: readonly KeyProblem[];
}

export interface VerifyExpectations {
  /** Algorithms accepted (JWT_ALG). */
  readonly algorithms: readonly string[];
  /** The issuer tokens must carry: the discovery document's (or JWT_ISSUER). */
  readonly issuer?: string | undefined;
  /** The audience the env declares (JWT_AUDIENCE). */
  readonly audience?: string | undefined;
  readonly clock: Clock;
  readonly leewayMs: number;
}

/**
 * Verifies a token the provider issued through its published keys: kid present and published, algorithm allowed
 * (never none or HS*), signature, `iss` equal to the issuer, `aud` containing the declared audience, `exp` present
 * and not past. Every failing check is reported, not only the first.
 */
export async function verifyWithProviderKeys(
  token: string,
  keys: ProviderKeys,
  expect: VerifyExpectations,
): Promise<KeyVerdict> {
  const decoded = decodeToken(token);
  const jwks = await keys.current();
  const publishedKids = jwks.keys.map((key) => key.kid).filter((kid): kid is string => typeof kid === 'string');
  if (!decoded.ok) return { ok: false, publishedKids, problems: [{ check: 'decode', message: decoded.reason }] };
  const { header, payload } = decoded.token;
  const tokenKid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  const tokenAlg = typeof header['alg'] === 'string' ? header['alg'] : undefined;
  const problems: KeyProblem[] = [];
  const base = { tokenKid, tokenAlg, publishedKids };

  if (!tokenAlg || !expect.algorithms.includes(tokenAlg) || /^(none|HS)/i.test(tokenAlg))
    problems.push({
      check: 'alg',
      message: `alg ${JSON.stringify(tokenAlg)} is not allowed (expected ${expect.algorithms.join(' or ')})`,
    });
  if (tokenKid === undefined)
    problems.push({ check: 'kid', message: 'the token header has no kid: a verifier cannot pick a published key' });

  const candidates = jwks.keys.filter(
    (key) => (tokenKid === undefined || key.kid === tokenKid) && (key.use === undefined || key.use === 'sig'),
  );
  if (tokenKid !== undefined && candidates.length === 0)
    problems.push({
      check: 'kid',
      message: `kid ${JSON.stringify(tokenKid)} is not in the JWKS at ${keys.url} (published: ${publishedKids.map((kid) => JSON.stringify(kid)).join(', ') || 'none'})`,
    });

  let verifiedKid: string | undefined;
  if (tokenAlg && !problems.some((problem) => problem.check === 'alg')) {
    for (const jwk of candidates) {
      if (jwk.alg !== undefined && jwk.alg !== tokenAlg) continue;
      try {
        const key = await importJWK(jwk as JWK, tokenAlg);
        await compactVerify(token, key, { algorithms: [tokenAlg] });
        verifiedKid = jwk.kid ?? '(no kid)';
        break;
      } catch {
        // this key does not verify it (wrong key, or not importable for this alg): try the next
      }
    }
    if (verifiedKid === undefined && candidates.length > 0)
      problems.push({
        check: 'signature',
        message: `the signature verifies with no published key${tokenKid ? ` (kid ${JSON.stringify(tokenKid)} is published, but it did not verify)` : ` (tried ${candidates.length})`}`,
      });
  }

  if (expect.issuer !== undefined && payload['iss'] !== expect.issuer)
    problems.push({
      check: 'iss',
      message: `iss ${JSON.stringify(payload['iss'])} is not the issuer ${JSON.stringify(expect.issuer)}`,
    });
  const aud = payload['aud'];
  const audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  if (expect.audience !== undefined && !audiences.includes(expect.audience))
    problems.push({
      check: 'aud',
      message: `aud ${JSON.stringify(aud)} does not contain the declared ${JSON.stringify(expect.audience)}`,
    });
  const exp = payload['exp'];
  if (typeof exp !== 'number') problems.push({ check: 'exp', message: 'exp is missing' });
  else if (exp * 1000 + expect.leewayMs < expect.clock.now())
    problems.push({
      check: 'exp',
      message: `expired ${Math.round((expect.clock.now() - exp * 1000) / 1000)} s ago (this clock)`,
    });

  return { ...base, ok: problems.length === 0, verifiedKid, problems };
}

/** One line: "verified by kid X" or why no key verified it. */
export function describeVerdict(verdict: KeyVerdict): string {
  const head = verdict.verifiedKid
    ? `verified by published key kid ${JSON.stringify(verdict.verifiedKid)}`
    : 'verified by no published key';
  const problems = verdict.problems.map((problem) => `${problem.check}: ${problem.message}`);
  return problems.length ? `${head}; ${problems.join('; ')}` : `${head}; iss, aud, exp as expected`;
}
