import type { TargetConfig } from '../../../helpers/env/target-config';
import type { LadderState } from '../../../helpers/diagnosis/ladder/ladder-state';
import { ladderCause } from '../../../helpers/diagnosis/ladder/reason-diagnosis';
import { refusedTokenStep } from '../../../helpers/diagnosis/ladder/steps/valid-control';
import type { ServerReason } from '../../../helpers/diagnosis/passive/server-reason';
import type { ProofRow } from './proof-row';

/**
 * Proofs of "the refused token itself" (the step after an accepted control) on a state: the refused token's times
 * against the server's Date, the server's own words, the cookie check and the issued-token comparison. The clock is
 * given; the probe runner answers the one probe the step may send.
 */
const NOW = Date.parse('2026-12-04T12:00:00Z');
const AUD = 'reference-api';
const ISS = 'https://auth.reference.test';
const CONFIG = {
  jwt: { alg: 'HS256', audience: AUD, issuer: ISS, leewayMs: 0 },
  tokenCookie: 'access_token',
} as unknown as TargetConfig;

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>) =>
  `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({ sub: 'alice', iss: ISS, aud: AUD, ...payload })}.c2ln`;
const read = (raw: string) => ({
  raw,
  decoded: { header: {}, payload: JSON.parse(Buffer.from(raw.split('.')[1] ?? '', 'base64url').toString()) },
});

interface Setup {
  readonly payload?: Record<string, unknown>;
  /** The server's Date against the runner's clock (ms); none: no Date header. */
  readonly skewMs?: number;
  readonly reason?: string;
  readonly delivery?: 'header' | 'cookie';
  /** The status the same token gets by header (cookie delivery only). */
  readonly byHeader?: number;
  /** The refused token is the target's issued token. */
  readonly issued?: boolean;
  readonly heldKey?: boolean;
}

async function runStep(setup: Setup) {
  const raw = setup.payload ? jwt(setup.payload) : undefined;
  const reason: ServerReason | undefined = setup.reason ? { text: setup.reason, from: 'www-authenticate' } : undefined;
  const found: { code: string; summary: string; evidence: Record<string, unknown> }[] = [];
  const state = {
    config: CONFIG,
    context: { clock: { now: () => NOW } },
    refusal: { delivery: setup.delivery ?? 'header' },
    status: 401,
    probes: {
      send: async () => ({ status: setup.byHeader ?? 401 }),
      accepts: (status: number) => status >= 200 && status < 300,
    },
    sent: raw ? read(raw) : undefined,
    issued: setup.issued && raw ? read(raw) : undefined,
    skew:
      setup.skewMs === undefined
        ? undefined
        : { serverDate: new Date(NOW + setup.skewMs).toISOString(), skewMs: setup.skewMs },
    reason,
    cause: ladderCause(reason?.text),
    facts: setup.heldKey ? { refusedHeldKey: { source: 'env:JWT_SECRET_LOCAL', fingerprint: 'fp' } } : {},
    found,
    add: (entry: (typeof found)[number] | undefined) => {
      if (entry && !found.some((existing) => existing.code === entry.code)) found.push(entry);
    },
    stop: () => undefined,
  } as unknown as LadderState;
  await refusedTokenStep.run(state);
  return found;
}

/** What the step must find: codes in order, the first summary, fields of the first evidence. */
function proof(
  name: string,
  setup: Setup,
  codes: readonly string[],
  summary?: string,
  evidence: Record<string, unknown> = {},
): ProofRow {
  return {
    name: `the refused token itself: ${name}`,
    check: async () => {
      const found = await runStep(setup);
      const got = found.map((entry) => entry.code).join(',');
      if (got !== codes.join(',')) return `found ${got || 'nothing'}`;
      if (summary !== undefined && found[0]?.summary !== summary) return `summary "${found[0]?.summary}"`;
      for (const [key, value] of Object.entries(evidence))
        if (JSON.stringify(found[0]?.evidence[key]) !== JSON.stringify(value))
          return `evidence ${key}: ${JSON.stringify(found[0]?.evidence[key])}`;
      return undefined;
    },
  };
}

const s = (ms: number) => Math.floor(ms / 1000);
const date = (skewMs: number) => new Date(NOW + skewMs).toISOString();

export const CONTROL_PROOFS: readonly ProofRow[] = [
  proof(
    'valid by the runner, past exp by a server 2 min ahead, no reason: the server clock is ahead',
    { payload: { iat: s(NOW - 60_000), exp: s(NOW + 60_000) }, skewMs: 120_000 },
    ['AC_CLOCK_SKEW'],
    `the token is still valid by the runner's clock but past its exp by the server's: the server's Date (${date(120_000)}) is 120 s ahead of the runner's`,
    { skewSeconds: 120, exp: s(NOW + 60_000), iat: s(NOW - 60_000) },
  ),
  proof(
    'the same, the server says "jwt expired": quoted',
    { payload: { iat: s(NOW - 60_000), exp: s(NOW + 60_000) }, skewMs: 120_000, reason: 'jwt expired' },
    ['AC_CLOCK_SKEW'],
    `the token is still valid by the runner's clock but past its exp by the server's: the server's Date (${date(120_000)}) is 120 s ahead of the runner's (server, www-authenticate: "jwt expired")`,
  ),
  proof(
    'the same times, but the server names the audience: the audience, not the clock',
    { payload: { iat: s(NOW - 60_000), exp: s(NOW + 60_000) }, skewMs: 120_000, reason: 'jwt audience invalid' },
    ['AC_AUDIENCE_DRIFT'],
    `the server refuses the token's audience (server, www-authenticate: "jwt audience invalid"); declared JWT_AUDIENCE="${AUD}"`,
  ),
  proof(
    'iat after the server\'s time, the server says "jwt not active": the minter\'s clock is ahead',
    { payload: { iat: s(NOW + 120_000), exp: s(NOW + 420_000) }, skewMs: 0, reason: 'jwt not active' },
    ['AC_CLOCK_SKEW'],
    `the token was issued after the server's time (iat/nbf later than its Date ${date(0)}): the clock of whoever minted it is ahead of the server's (server, www-authenticate: "jwt not active")`,
    { skewSeconds: 0, iat: s(NOW + 120_000), exp: s(NOW + 420_000) },
  ),
  proof(
    'a token without exp or iat issued in the future by nbf: evidence shows null exp and iat',
    { payload: { nbf: s(NOW + 120_000) }, skewMs: 0 },
    ['AC_CLOCK_SKEW'],
    undefined,
    { exp: null, iat: null },
  ),
  proof(
    'expired by both clocks, the server says "jwt expired": the server\'s word',
    { payload: { iat: s(NOW - 7_200_000), exp: s(NOW - 3_600_000) }, skewMs: 1000, reason: 'jwt expired' },
    ['AC_TOKEN_EXPIRED'],
    'the server calls the token expired (server, www-authenticate: "jwt expired")',
    { serverReason: { text: 'jwt expired', from: 'www-authenticate' } },
  ),
  proof(
    'no Date header, the server says "jwt expired": the server\'s word',
    { payload: { iat: s(NOW - 60_000), exp: s(NOW + 60_000) }, reason: 'jwt expired' },
    ['AC_TOKEN_EXPIRED'],
    'the server calls the token expired (server, www-authenticate: "jwt expired")',
  ),
  proof('no token decoded, a Date and "jwt expired": the server\'s word', { skewMs: 120_000, reason: 'jwt expired' }, [
    'AC_TOKEN_EXPIRED',
  ]),
  proof(
    'times in order by both clocks, nothing said: nothing found',
    { payload: { iat: s(NOW - 60_000), exp: s(NOW + 60_000) }, skewMs: 1000 },
    [],
  ),
  proof(
    'no Date header, the server says "jwt not active": its word, confirmed by the passing control',
    { payload: { iat: s(NOW), exp: s(NOW + 60_000) }, reason: 'jwt not active' },
    ['AC_CLOCK_SKEW'],
    `the server calls the token not yet valid (server, www-authenticate: "jwt not active") while the harness's fresh token passes: the clock of whoever minted it is ahead`,
    { confirmedByProbe: true },
  ),
  proof(
    'the server says "invalid signature" and no held key verifies the token: another key',
    { payload: { iat: s(NOW), exp: s(NOW + 60_000) }, reason: 'invalid signature' },
    ['AC_SECRET_MISMATCH'],
    'the token is signed with a key the harness does not hold (server, www-authenticate: "invalid signature")',
  ),
  proof(
    'the server says "invalid signature" but a key the harness holds verifies the token: not named here',
    { payload: { iat: s(NOW), exp: s(NOW + 60_000) }, reason: 'invalid signature', heldKey: true },
    [],
  ),
  proof(
    'refused by cookie and by header: not a cookie problem',
    { payload: { iat: s(NOW), exp: s(NOW + 60_000) }, delivery: 'cookie', byHeader: 401, reason: 'jwt expired' },
    ['AC_TOKEN_EXPIRED'],
  ),
  proof(
    "refused by cookie, accepted by header: the cookie alone, the server's word not added",
    { payload: { iat: s(NOW), exp: s(NOW + 60_000) }, delivery: 'cookie', byHeader: 200, reason: 'jwt expired' },
    ['AC_COOKIE_IGNORED'],
    'the token is accepted in Authorization but refused in cookie access_token',
  ),
  proof(
    'a token with another audience that the target did not issue: not compared as the issued token',
    { payload: { aud: 'mobile-app', iat: s(NOW), exp: s(NOW + 60_000) } },
    [],
  ),
  proof(
    "the target's issued token with another audience: compared with the env",
    { payload: { aud: 'mobile-app', iat: s(NOW), exp: s(NOW + 60_000) }, issued: true },
    ['AC_AUDIENCE_DRIFT'],
    `the target issues aud="mobile-app"; the env declares JWT_AUDIENCE="${AUD}"`,
  ),
];
