import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/clock';
import type { TargetConfig } from '../../env/target-config';

/** A token's two JSON parts, as signClaims takes them. */
export interface TokenParts {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One way the harness's token differs from the one the target issued. `header:typ` names a header field. */
export interface ClaimDifference {
  readonly claim: string;
  /** What the target issues (undefined: absent). */
  readonly issued: unknown;
  /** What the harness sends (undefined: absent). */
  readonly harness: unknown;
}

/** The header and claims of the token the harness mints for the test user (what mintToken builds), at `clock`. */
export function harnessParts(config: TargetConfig, clock: Clock, alg: string): TokenParts {
  const iat = Math.floor(clock.now() / 1000);
  const payload: Record<string, unknown> = {
    ...config.jwt.claims,
    iat,
    jti: randomUUID(),
    exp: iat + Math.floor(config.jwt.ttlMs / 1000),
    nbf: iat,
    sub: config.jwt.subject,
  };
  if (config.jwt.issuer !== undefined) payload['iss'] = config.jwt.issuer;
  if (config.jwt.audience !== undefined) payload['aud'] = config.jwt.audience;
  return { header: { alg, typ: 'JWT' }, payload };
}

/**
 * Where the harness's token differs from the issued one, claim by claim. Values that always differ between two fresh
 * tokens are compared by shape: `iat` and `jti` by presence, `exp` by lifetime (exp − iat), `nbf` by its offset from iat.
 */
export function claimDifferences(issued: TokenParts, harness: TokenParts): ClaimDifference[] {
  const differences: ClaimDifference[] = [];
  const issuedIat = numberOr(issued.payload['iat']);
  const harnessIat = numberOr(harness.payload['iat']);
  const shape = (claim: string, payload: Readonly<Record<string, unknown>>, iat: number | undefined): unknown => {
    const value = payload[claim];
    if (value === undefined) return undefined;
    if (claim === 'iat' || claim === 'jti') return 'present';
    if ((claim === 'exp' || claim === 'nbf') && typeof value === 'number' && iat !== undefined) return value - iat;
    return value;
  };
  const names = new Set([...Object.keys(issued.payload), ...Object.keys(harness.payload)]);
  for (const claim of names) {
    const a = shape(claim, issued.payload, issuedIat);
    const b = shape(claim, harness.payload, harnessIat);
    if (JSON.stringify(a) !== JSON.stringify(b))
      differences.push({ claim, issued: issued.payload[claim], harness: harness.payload[claim] });
  }
  for (const field of ['typ', 'cty']) {
    if (JSON.stringify(issued.header[field]) !== JSON.stringify(harness.header[field]))
      differences.push({ claim: `header:${field}`, issued: issued.header[field], harness: harness.header[field] });
  }
  return differences;
}

/**
 * The issued token with one claim made as the harness makes it (set to the harness's value, or removed when the
 * harness does not send it). If the API refuses this variant while it accepts the issued claims, that claim is the cause.
 */
export function withHarnessClaim(issued: TokenParts, harness: TokenParts, claim: string): TokenParts {
  if (claim.startsWith('header:')) {
    const field = claim.slice('header:'.length);
    const header = { ...issued.header };
    if (harness.header[field] === undefined) delete header[field];
    else header[field] = harness.header[field];
    return { header, payload: issued.payload };
  }
  const payload = { ...issued.payload };
  const value = harness.payload[claim];
  const issuedIat = numberOr(issued.payload['iat']);
  const harnessIat = numberOr(harness.payload['iat']);
  if (value === undefined) delete payload[claim];
  else if (
    (claim === 'exp' || claim === 'nbf') &&
    typeof value === 'number' &&
    issuedIat !== undefined &&
    harnessIat !== undefined
  )
    payload[claim] = issuedIat + (value - harnessIat);
  else payload[claim] = value;
  return { header: issued.header, payload };
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
