import { generateKeyPairSync } from 'node:crypto';
import { offsetClock, systemClock, type Clock } from '../../../helpers/clock/clock';
import type { DiagnosisCode } from '../../../helpers/diagnosis/catalogue';
import type { DiagnosisReport } from '../../../helpers/diagnosis/diagnose-refusal';
import type { IdpFault } from '../../../reference/idp/idp-faults';
import { ranOf } from './ladder-traces';
import type { ProofRow } from './proof-row';
import { diagnoseProviderRoute, IDP_ORIGIN, providerRun } from './provider-run';
import { TIME_PROOFS } from './provider-time-proofs';
import { CONTROL_PROOFS } from './provider-control-proofs';

/**
 * A refusal by the reference identity provider's API (reference/idp), one switchable fault at a time, diagnosed by the
 * run buildHarness builds from env/idp.env with every request (discovery, token endpoint, both sides' JWKS fetches,
 * the API) reaching the provider's handlers in process.
 */
interface ProviderRow {
  readonly name: string;
  readonly faults: readonly IdpFault[];
  readonly path?: string;
  readonly harness?: Record<string, string>;
  /** The runner's clock, ahead of the provider's by this much. */
  readonly clockAheadMs?: number;
  readonly sent?: 'login' | 'minted' | { readonly given: string };
  readonly status: number;
  readonly first: DiagnosisCode | 'none';
  readonly summary?: RegExp;
  /** Fields of the first diagnosis's evidence (the kids from the run when a function). */
  readonly evidence?: (kids: { current: string; retired: string }) => Record<string, unknown>;
  /** The steps run, in the ladder table's notation (positions in the printed step list). */
  readonly ran: RegExp;
  readonly never?: readonly DiagnosisCode[];
  /** Anything else the report must hold: what did not, or undefined. */
  readonly report?: (report: DiagnosisReport) => string | undefined;
}

const HARNESS_EC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const PUBLISHED = (kids: { current: string; retired: string }) => [kids.current, kids.retired];

const ROWS: readonly ProviderRow[] = [
  {
    name: 'insufficient scope: 403 with the scope the route wants, against the scope the token carries',
    faults: [],
    path: '/api/v1/admin/users',
    status: 403,
    first: 'AC_INSUFFICIENT_SCOPE',
    summary:
      /^the API wants scope "admin:users"; the token carries scope "projects:read" \(OAUTH_SCOPE="projects:read"\)$/,
    evidence: () => ({ status: 403, apiError: 'insufficient_scope', neededScope: 'admin:users' }),
    ran: /^4$/,
  },
  {
    name: "the API verifies with a JWKS pinned before the rotation: kid not in the API's key set",
    faults: ['idp-api-pinned-jwks'],
    status: 401,
    first: 'AC_KID_NOT_IN_API_JWKS',
    summary:
      /^the token verifies with the provider's published key "es256-2026-11" \(published now: es256-2026-11, es256-2026-05\), but the API finds no key for it \(API: "no applicable key found in the JSON Web Key Set"\): its key set is pinned or stale \(rotation\)$/,
    evidence: (kids) => ({ tokenKid: kids.current, verifiedKid: kids.current, publishedKids: PUBLISHED(kids) }),
    ran: /^4$/,
  },
  {
    name: 'the API trusts another issuer (another pool): the token carries the discovery issuer',
    faults: ['idp-api-other-issuer'],
    status: 401,
    first: 'AC_API_TRUSTS_OTHER_ISSUER',
    summary: new RegExp(
      `^the token verifies with the provider's published key "es256-2026-11" and carries iss="${IDP_ORIGIN}" \\(the discovery issuer\\), but the API refuses its issuer \\(API: "unexpected "iss" claim value"\\): the API trusts another pool or tenant$`,
    ),
    evidence: () => ({ issuer: IDP_ORIGIN, tokenIss: IDP_ORIGIN, apiErrorDescription: 'unexpected "iss" claim value' }),
    ran: /^4$/,
    never: ['AC_ISSUER_SPELLING_DRIFT', 'AC_ISSUER_DRIFT'],
  },
  {
    name: 'the API accepts only the other algorithm: alg drift',
    faults: ['idp-api-other-alg'],
    status: 401,
    first: 'AC_ALG_DRIFT',
    summary:
      /^the provider signs ES256; the API refuses the algorithm \(API: ""alg" \(Algorithm\) Header Parameter value not allowed"\)$/,
    evidence: (kids) => ({ verifiedKid: kids.current, apiError: 'invalid_token' }),
    ran: /^4$/,
  },
  {
    name: "the API refuses its own provider's valid tokens (it wants typ JWT, the provider issues at+jwt)",
    faults: ['idp-api-typ-jwt'],
    status: 401,
    first: 'AC_API_REFUSES_OWN_TOKENS',
    summary:
      /^the token verifies with the provider's published key "es256-2026-11" and passes iss, aud and exp, yet the API refuses it \(API: "unexpected "typ" JWT header value"\)$/,
    evidence: (kids) => ({ verifiedKid: kids.current, tokenAud: 'reference-api' }),
    ran: /^4$/,
  },
  {
    name: "the provider's token carries its internal origin as iss, not the discovery issuer: issuer drift",
    faults: ['idp-token-internal-issuer'],
    status: 401,
    first: 'AC_ISSUER_DRIFT',
    summary: new RegExp(
      `^the token says iss="http://idp.internal:8080"; the provider's discovery says "${IDP_ORIGIN}" \\(API: "unexpected "iss" claim value"\\)$`,
    ),
    evidence: () => ({ tokenIss: 'http://idp.internal:8080', issuer: IDP_ORIGIN }),
    ran: /^4$/,
    never: ['AC_AUDIENCE_DRIFT', 'AC_ISSUED_TOKEN_UNVERIFIABLE'],
  },
  {
    name: 'a token for another API of the tenant (OAUTH_RESOURCE): audience drift against JWT_AUDIENCE',
    faults: [],
    harness: { OAUTH_RESOURCE: 'reference-reports' },
    status: 401,
    first: 'AC_AUDIENCE_DRIFT',
    summary:
      /^the provider issues aud="reference-reports"; the env declares JWT_AUDIENCE="reference-api" \(API: "unexpected "aud" claim value"\)$/,
    evidence: () => ({ tokenAud: 'reference-reports' }),
    ran: /^4$/,
    never: ['AC_ISSUER_DRIFT'],
  },
  {
    name: 'the provider signs with a key its JWKS does not publish yet: its own token is unverifiable',
    faults: ['idp-token-unpublished-key'],
    status: 401,
    first: 'AC_ISSUED_TOKEN_UNVERIFIABLE',
    summary: new RegExp(
      `^the provider's own token fails its published metadata: kid: kid "es256-2027-05" is not in the JWKS at ${IDP_ORIGIN}/oauth/jwks \\(published: "es256-2026-11", "es256-2026-05"\\)`,
    ),
    evidence: (kids) => ({ tokenKid: 'es256-2027-05', verifiedKid: null, publishedKids: PUBLISHED(kids) }),
    ran: /^4$/,
    never: ['AC_KID_NOT_IN_API_JWKS'],
  },
  {
    // Past exp by the runner's clock only: the provider step names nothing (the clock steps decide), keeps its verdict
    // as evidence, and does not end the ladder.
    name: "expired by the runner's clock alone: the provider step names nothing and the ladder goes on",
    faults: ['idp-api-pinned-jwks'],
    clockAheadMs: 3_600_000,
    status: 401,
    first: 'AC_API_REFUSES_OWN_TOKENS',
    ran: /^4 5 6 7 8×1 /,
    never: ['AC_KID_NOT_IN_API_JWKS', 'AC_ISSUED_TOKEN_UNVERIFIABLE', 'AC_ISSUER_DRIFT', 'AC_AUDIENCE_DRIFT'],
    report: (report) => {
      const verdict = report.evidence['providerKeys'] as { ok?: boolean; problems?: { check: string }[] } | undefined;
      const checks = verdict?.problems?.map((problem) => problem.check).join(',');
      return verdict?.ok === false && checks === 'exp' ? undefined : `providerKeys evidence ${checks ?? 'absent'}`;
    },
  },
  {
    // The harness holds a key (HS256) and the refused token is its own: the provider is not asked, the ladder goes on.
    name: "the harness's own HS256 token, refused by the provider's API: not judged as a provider token",
    faults: [],
    harness: { JWT_ALG: 'HS256', SECRET_CHAIN: 'JWT_SECRET_IDP', JWT_SECRET_IDP: 'k'.repeat(40) },
    sent: 'minted',
    status: 401,
    first: 'AC_ALG_DRIFT',
    summary: /refuses the token's algorithm .*declared JWT_ALG=HS256$/,
    ran: /^4 5 6 7 8×1 /,
    never: ['AC_ISSUED_TOKEN_UNVERIFIABLE'],
    report: (report) => ('providerKeys' in report.evidence ? 'providerKeys evidence present' : undefined),
  },
  {
    // An asymmetric harness key (SIGNING_KEY_CHAIN) signed the refused token: checked through its public half, it is
    // the harness's own, so the provider is not asked; the API trusts only the provider's keys.
    name: "the harness's own ES256 token, refused by the provider's API: the API does not trust the harness key",
    faults: [],
    harness: { SIGNING_KEY_CHAIN: 'HARNESS_PRIVATE_KEY', HARNESS_PRIVATE_KEY: HARNESS_EC_KEY },
    sent: 'minted',
    status: 401,
    first: 'AC_SIGNING_KEY_MISMATCH',
    summary:
      /^the target accepts the tokens it issues but not the harness's: it signs with a key other than env:HARNESS_PRIVATE_KEY \(fp:[0-9a-f]{12}\)$/,
    ran: /^4 5 6 7 8×1 /,
    never: ['AC_ISSUED_TOKEN_UNVERIFIABLE', 'AC_KID_NOT_IN_API_JWKS'],
    report: (report) => ('providerKeys' in report.evidence ? 'providerKeys evidence present' : undefined),
  },
  {
    // The harness holds a key of its own, but the refused token is the provider's: the provider is asked all the same.
    name: "the provider's token refused by an API with a pinned JWKS while the harness holds a key of its own",
    faults: ['idp-api-pinned-jwks'],
    harness: { SIGNING_KEY_CHAIN: 'HARNESS_PRIVATE_KEY', HARNESS_PRIVATE_KEY: HARNESS_EC_KEY },
    status: 401,
    first: 'AC_KID_NOT_IN_API_JWKS',
    summary: /^the token verifies with the provider's published key "es256-2026-11" .*its key set is pinned or stale/,
    evidence: (kids) => ({ verifiedKid: kids.current }),
    ran: /^4$/,
  },
  {
    name: 'a token that is not a JWT: no provider verdict, no providerKeys evidence, the ladder goes on',
    faults: [],
    sent: { given: 'opaque-token-4f1c9a' },
    status: 401,
    first: 'AC_SIGNING_KEY_MISMATCH',
    ran: /^4 5 6 7 8×1 /,
    never: ['AC_ISSUED_TOKEN_UNVERIFIABLE'],
    report: (report) => ('providerKeys' in report.evidence ? 'providerKeys evidence present' : undefined),
  },
];

async function checkRow(row: ProviderRow): Promise<string | undefined> {
  const clock: Clock | undefined = row.clockAheadMs ? offsetClock(systemClock, row.clockAheadMs) : undefined;
  const run = await providerRun(row.faults, {
    ...(row.harness ? { harness: row.harness } : {}),
    ...(clock ? { clock } : {}),
  });
  try {
    const { status, report } = await diagnoseProviderRoute(run, row.path ?? '/api/v1/me', row.sent ?? 'login');
    if (status !== row.status) return `status ${status}, expected ${row.status}`;
    const codes = report.diagnoses.map((entry) => entry.code);
    if (row.first === 'none' ? codes.length > 0 : codes[0] !== row.first)
      return `first code ${codes[0] ?? 'none'}, expected ${row.first}`;
    const first = report.diagnoses[0];
    if (row.summary && !row.summary.test(first?.summary ?? '')) return `summary differs: ${first?.summary}`;
    const evidence = row.evidence?.(run.kids) ?? {};
    for (const [key, value] of Object.entries(evidence))
      if (JSON.stringify(first?.evidence[key]) !== JSON.stringify(value))
        return `evidence ${key}: ${JSON.stringify(first?.evidence[key])}`;
    const forbidden = (row.never ?? []).filter((code) => codes.includes(code));
    if (forbidden.length) return `names ${forbidden.join(', ')}`;
    const ran = ranOf(report);
    if (!row.ran.test(ran)) return `ran ${ran}`;
    return row.report?.(report);
  } finally {
    await run.close();
  }
}

/** Proofs of the ladder's provider and time steps, run by the mutation check and by a Playwright test. */
export const PROVIDER_PROOFS: readonly ProofRow[] = [
  ...ROWS.map((row) => ({ name: row.name, check: () => checkRow(row) })),
  ...TIME_PROOFS,
  ...CONTROL_PROOFS,
];
