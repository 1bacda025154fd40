import type { TargetConfig } from '../../env/target-config';
import { decodeToken } from '../../token/decode-token';
import { diagnosis, type Diagnosis } from '../diagnosis';

/**
 * Compares a token the target issued with what the env declares: algorithm, issuer, audience.
 * Drift here means config and deployment disagree, whatever the API then does with it.
 */
export function compareIssuedToken(token: string, config: TargetConfig): Diagnosis[] {
  const decoded = decodeToken(token);
  if (!decoded.ok) return [];
  const { header, payload } = decoded.token;
  const found: Diagnosis[] = [];
  if (header['alg'] !== config.jwt.alg) {
    found.push(
      diagnosis(
        'AC_ALG_DRIFT',
        `the target issues ${String(header['alg'])} tokens; the env declares JWT_ALG=${config.jwt.alg}`,
        { issuedAlg: header['alg'], declaredAlg: config.jwt.alg },
      ),
    );
  }
  if (config.jwt.issuer !== undefined && payload['iss'] !== config.jwt.issuer) {
    found.push(
      diagnosis(
        'AC_ISSUER_DRIFT',
        `the target issues iss=${JSON.stringify(payload['iss'])}; the env declares JWT_ISSUER=${JSON.stringify(config.jwt.issuer)}`,
        { issuedIss: payload['iss'], declaredIss: config.jwt.issuer },
      ),
    );
  }
  const aud = payload['aud'];
  const audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  if (config.jwt.audience !== undefined && !audiences.includes(config.jwt.audience)) {
    found.push(
      diagnosis(
        'AC_AUDIENCE_DRIFT',
        `the target issues aud=${JSON.stringify(aud)}; the env declares JWT_AUDIENCE=${JSON.stringify(config.jwt.audience)}`,
        { issuedAud: aud, declaredAud: config.jwt.audience },
      ),
    );
  }
  return found;
}

/** Claims worth showing as evidence (no signature, nothing secret). */
export function tokenEvidence(token: string | undefined): Record<string, unknown> {
  if (!token) return { token: 'none' };
  const decoded = decodeToken(token);
  if (!decoded.ok) return { token: 'undecodable', reason: decoded.reason };
  const { header, payload, encodings } = decoded.token;
  const pick = (key: string) => payload[key];
  return {
    header: { alg: header['alg'], typ: header['typ'], kid: header['kid'] },
    claims: {
      iss: pick('iss'),
      aud: pick('aud'),
      sub: pick('sub'),
      iat: pick('iat'),
      nbf: pick('nbf'),
      exp: pick('exp'),
    },
    segmentEncodings: encodings,
  };
}
