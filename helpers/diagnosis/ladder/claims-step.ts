import type { Clock } from '../../clock/clock';
import type { TargetConfig } from '../../env/target-config';
import { decodeToken } from '../../token/decode-token';
import type { SigningKey } from '../../token/signing-key';
import { diagnosis, type Diagnosis } from '../diagnosis';
import {
  claimDifferences,
  harnessParts,
  withHarnessClaim,
  type ClaimDifference,
  type TokenParts,
} from '../probes/claim-diff';
import type { ProbeRunner } from '../probes/probe-runner';

/** Which code names a claim the API wants. */
function codeForClaim(claim: string): 'AC_AUDIENCE_DRIFT' | 'AC_ISSUER_DRIFT' | 'AC_REQUIRED_CLAIM_MISSING' {
  if (claim === 'aud') return 'AC_AUDIENCE_DRIFT';
  if (claim === 'iss') return 'AC_ISSUER_DRIFT';
  return 'AC_REQUIRED_CLAIM_MISSING';
}

function describeDifference(difference: ClaimDifference): string {
  const show = (value: unknown) => (value === undefined ? 'absent' : JSON.stringify(value));
  return `${difference.claim}: the target issues ${show(difference.issued)}, the harness sends ${show(difference.harness)}`;
}

export function partsOf(token: string | undefined): TokenParts | undefined {
  if (!token) return undefined;
  const decoded = decodeToken(token);
  return decoded.ok ? { header: decoded.token.header, payload: decoded.token.payload } : undefined;
}

/**
 * The API accepts its own issued token. Re-sign exactly its claims with the harness's key: if that is accepted the key
 * is not the cause, and the claims where the harness's token differs are tried one at a time (the issued token with
 * that one claim made as the harness makes it); each variant refused names a claim the API wants.
 * Returns undefined when the re-signed token is refused (the key, not the claims, is in question).
 */
export async function bisectClaims(
  probes: ProbeRunner,
  input: { issued: TokenParts; config: TargetConfig; key: SigningKey; clock: Clock },
): Promise<Diagnosis[] | undefined> {
  const { issued, config, key, clock } = input;
  const resigned = await probes.signAndSend(
    "the issued token's exact claims re-signed with the harness key",
    issued.header,
    issued.payload,
    key,
  );
  if (!resigned) return undefined;
  const harness = harnessParts(config, clock, key.alg);
  const differences = claimDifferences(issued, harness);
  const culprits: ClaimDifference[] = [];
  for (const difference of differences) {
    if (probes.exhausted) break;
    const variant = withHarnessClaim(issued, harness, difference.claim);
    const accepted = await probes.signAndSend(
      `issued claims with ${difference.claim} as the harness sends it`,
      variant.header,
      variant.payload,
      key,
    );
    if (!accepted) culprits.push(difference);
  }
  const base = { confirmedByProbe: true, resignedWithHarnessKey: 'accepted' };
  if (culprits.length === 0) {
    if (differences.length === 0) return [];
    // Each difference alone is tolerated: it takes several together. Name them all, under the first one's code.
    const first = differences[0] as ClaimDifference;
    return [
      diagnosis(
        codeForClaim(first.claim),
        `the API accepts the issued claims re-signed with the harness key, but not the harness's own; no single claim explains it: ${differences.map(describeDifference).join('; ')}`,
        { ...base, differences },
      ),
    ];
  }
  return culprits.map((culprit) =>
    diagnosis(
      codeForClaim(culprit.claim),
      `the API accepts the issued token's claims signed with the harness key, and refuses them with ${describeDifference(culprit)}`,
      { ...base, claim: culprit.claim, issued: culprit.issued, harness: culprit.harness },
    ),
  );
}

/** Conventions real verifiers enforce that a generic token lacks: what the variants of `narrowOwnTokenRefusal` try. */
const VARIANTS: readonly { label: string; claim: string; change: (parts: TokenParts) => TokenParts }[] = [
  { label: 'without aud', claim: 'aud', change: (parts) => omit(parts, 'aud') },
  { label: 'without iss', claim: 'iss', change: (parts) => omit(parts, 'iss') },
  {
    label: 'with token_type "access" (simplejwt)',
    claim: 'token_type',
    change: (parts) => ({ ...parts, payload: { ...parts.payload, token_type: 'access' } }),
  },
  {
    label: 'with type "access" (flask-jwt-extended)',
    claim: 'type',
    change: (parts) => ({ ...parts, payload: { ...parts.payload, type: 'access', fresh: false } }),
  },
  {
    label: 'with typ "at+jwt" (RFC 9068)',
    claim: 'header:typ',
    change: (parts) => ({ ...parts, header: { ...parts.header, typ: 'at+jwt' } }),
  },
];

function omit(parts: TokenParts, claim: string): TokenParts {
  const payload = { ...parts.payload };
  delete payload[claim];
  return { header: parts.header, payload };
}

/**
 * The API refuses even its own auth service's token, signed with the key the harness holds: its claim policy (or key)
 * differs from its auth service's. Narrow it with claim variants of that token, within `spare` requests.
 */
export async function narrowOwnTokenRefusal(
  probes: ProbeRunner,
  input: { base: TokenParts; key: SigningKey; spare: number },
): Promise<Diagnosis | undefined> {
  let left = input.spare;
  for (const variant of VARIANTS) {
    if (left-- <= 0 || probes.exhausted) break;
    if (input.base.payload[variant.claim] === undefined && variant.label.startsWith('without')) {
      left++;
      continue;
    }
    const parts = variant.change(input.base);
    if (!(await probes.signAndSend(`own token ${variant.label}`, parts.header, parts.payload, input.key))) continue;
    const code = codeForClaim(variant.claim);
    return diagnosis(
      code,
      `the API refuses the token its auth service issues but accepts it ${variant.label}: its claim policy differs from its auth service's`,
      { claim: variant.claim, variant: variant.label, confirmedByProbe: true },
    );
  }
  return undefined;
}
