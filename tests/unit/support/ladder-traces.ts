import type { DiagnosisReport } from '../../../helpers/diagnosis/diagnose-refusal';
import { LADDER_STEPS } from '../../../helpers/diagnosis/ladder/ladder-steps';

/**
 * The steps each ladder row runs, in order, with the requests a step spent after `×`: the numbers are positions in
 * the printed step list (tests/unit/diagnosis-ladder-order.test.ts). Skipped steps (needs not met, or the ladder
 * already ended) are not listed. A change of order, of a step's needs or of what it spends shows here row by row.
 */
export const RAN: Readonly<Record<string, string>> = {
  'gateway 502': '1',
  'gateway 503': '1',
  'gateway 504': '1',
  'rate-limited 429': '1',
  'opaque login token accepted, the harness JWT refused': '5 6 7 8×1 10×1 11 12×1 14 15×1 16 17×16 18',
  '500 with the health route down': '1×1',
  '500 on every token while the service is up': '1×2',
  'an invalid token crashes the handler, a valid one passes': '1×2',
  'expired token': '5',
  'token in standard base64, accepted once base64url': '5 6×1',
  'cookie ignored: accepted by header': '5 6 7 8×1 9×1',
  'header ignored: accepted by cookie': '5 6 7 8×1 10×1',
  'server clock 10 min ahead, Date says so: confirmed by a server-time token': '5 6 7 8×1 10×1 11×1',
  'Date jitter: a cached Date 1.8 s behind, leeway 0, refused for its key → not skew':
    '5 6 7 8×1 10×1 11 14 15×1 17×16 18',
  'Date jitter with an audience reason: the reason wins, not the Date': '5 6 7 8×1 10×1 11 14',
  'server clock 1 min behind, no Date header, says "An error occurred while attempting to de…"': '5 6 7 8×1 10×1 11×1',
  'server clock 1 min behind, no Date header, says "jwt not active…"': '5 6 7 8×1 10×1 11×1',
  'server clock 1 min behind, no Date header, says "token has invalid claims: token used bef…"': '5 6 7 8×1 10×1 11×1',
  'server clock 1 min behind, no Date header, says "The token is not yet valid (nbf)…"': '5 6 7 8×1 10×1 11×1',
  'step order: server clock 10 min ahead while its own issued token is accepted → skew, not claims':
    '5 6 7 8×1 10×1 11×1',
  'server clock 10 min behind, Date says so: "behind", not "ahead of"': '5 6 7 8×1 10×1 11×1',
  'the server calls the token expired, no clock says so, the fresh control passes': '5 6 7 8×1 9',
  'the server calls the token not yet valid, no clock says so, the fresh control passes': '5 6 7 8×1 9',
  "the login issues another audience than the API's (the env's); its token is refused, the control passes":
    '5 6 7 8×1 9',
  "expired by the runner's clock, not yet valid by the server's 10 min behind → skew, not expiry":
    '5 6 7 8×1 10×1 11×1',
  'exp between the runner\'s clock and the server\'s Date (server 2 min ahead), FastAPI, "Could not validate credentials" → skew, not expiry':
    '5 6 7 8×1 9',
  'exp between the runner\'s clock and the server\'s Date (server 2 min ahead), PyJWT, "Signature has expired" → skew, not expiry':
    '5 6 7 8×1 9',
  'a future iat from an issuer 2 min ahead, refused by the library\'s own clock, PyJWT, "The token is not yet valid (iat)" → skew':
    '5 6 7 8×1 9',
  'a future iat from an issuer 2 min ahead, refused by the library\'s own clock, FastAPI, "Could not validate credentials" → skew':
    '5 6 7 8×1 9',
  'the `error` field beside a bare "Unauthorized" message: "JWT library not available" is the reason':
    '5 6 7 8×1 10×1 11 12×1 14 15×1 16×5 17×11 18',
  'a declared bad-token status (BAD_TOKEN_STATUS=401,422): flask-jwt-extended 422 for another key':
    '5 6 7 8×1 10×1 11 14 15×1 17×16 18',
  'a declared bad-token status (BAD_TOKEN_STATUS=401,422): flask-jwt-extended 422 "Invalid audience"':
    '5 6 7 8×1 10×1 11 14',
  'simplejwt\'s wrapper "Given token not valid for any token type" with messages[] names no token type: another key':
    '5 6 7 8×1 10×1 11 14 15×1 17×16 18',
  'simplejwt\'s wrapper "Given token not valid for any token type" without messages[] names no token type: another key':
    '5 6 7 8×1 10×1 11 14 15×1 17×16 18',
  'server reason (PyJWT, missing aud)': '5 6 7 8×1 10×1 11 14',
  'server reason (jsonwebtoken, issuer)': '5 6 7 8×1 10×1 11 14',
  'server reason (ASP.NET, audience)': '5 6 7 8×1 10×1 11 14',
  'server reason (golang-jwt, required claim)': '5 6 7 8×1 10×1 11 14',
  'server reason (flask-jwt-extended, type)': '5 6 7 8×1 10×1 11 14',
  'server reason (simplejwt, token type)': '5 6 7 8×1 10×1 11 14',
  'server reason (fast-jwt, algorithm)': '5 6 7 8×1 10×1 11 14',
  'server reason (Spring, issuer)': '5 6 7 8×1 10×1 11 14',
  'claims bisection: audience behind an opaque 401': '5 6 7 8×1 10×1 11 12×5',
  'claims bisection: issuer behind an opaque 401': '5 6 7 8×1 10×1 11 12×5',
  'claims bisection: a required token_type (simplejwt), signed with the harness key → not a secret mismatch':
    '5 6 7 8×1 10×1 11 12×5',
  'claims bisection: an RFC 9068 typ header': '5 6 7 8×1 10×1 11 12×5',
  'own token refused, opaque, nothing narrows it': '5 6 7 8×1 10×1 11 12×1 14 15×1 16×5 17×11 18',
  'own token refused, narrowed: the API wants no aud (PyJWT without an audience configured)':
    '5 6 7 8×1 10×1 11 12×1 14 15×1 16×1',
  'the token replayed from the target verifies with the harness key: not a secret mismatch':
    '5 6 7 8×1 10×1 11 14 15×1 17×16 18',
  'the target signs and verifies with another key': '5 6 7 8×1 10×1 11 12×2 14 15×1 16 17×15 18',
  'no key the harness knows, no login': '5 6 7 8×1 10×1 11 14 15×1 17×16 18',
  'services disagree: auth service signs with the env-specific name, the API reads the generic one':
    '5 6 7 8×1 10×1 11 12×1 14 15×1',
  'JSON field per candidate: a plain value under another chain name is probed': '5 6 7 8×1 10×1 11 14 15×1',
  'the whole JSON document used as key': '5 6 7 8×1 10×1 11 14 15×1',
  'the backend base64-decodes the secret': '5 6 7 8×1 10×1 11 14 15×1',
  'a well-known fallback secret': '5 6 7 8×1 10×1 11 14 15×1 17×6',
  'the empty secret (node:crypto HMAC takes a zero-length key)': '5 6 7 8×1 10×1 11 14 15×1 17×1',
  'budget order: the third chain name is found within 4 requests, Date skew and cookie notwithstanding':
    '5 6 7 8×1 14 15×2',
  "the target signs with a key that is none of the chain's two candidates":
    '5 6 7 8×1 10×1 11 12×2 14 15×2 16 17×14 18',
  "the login's token refused too, signed with a key the harness does not hold → secret mismatch":
    '5 6 7 8×1 10×1 11 12×1 14 15×1 16 17×16 18',
  "one request in all: the login's token, signed with the harness key, is not sent → no verdict, a note":
    '5 6 7 8×1 12 14 15 16 17 18',
  "a silent 401, the login's token names another audience: the audience read from the issued token":
    '5 6 7 8×1 10×1 11 12×2 14',
  'token in standard base64 by cookie, the API reads cookies only: re-encoded in the same cookie, accepted': '5 6×1',
  'token in standard base64 with no request to spare: named, not confirmed, the ladder goes on': '5 6 7 8 14',
  'algorithm drift: the target issues RS256 where the env declares HS256': '5 6 7 8×1 10×1 11 12×2 14',
  'RS256: the API does not trust the harness key ("no applicable key found in the JSON Web Key Set")':
    '5 6 7 8×1 10×1 11 14 18',
};

/** The trace of a report in RAN's notation. */
export function ranOf(report: DiagnosisReport): string {
  return report.steps
    .filter((trace) => trace.skipped === undefined)
    .map((trace) => {
      const position = LADDER_STEPS.findIndex((step) => step.name === trace.step) + 1;
      return trace.spent > 0 ? `${position}×${trace.spent}` : `${position}`;
    })
    .join(' ');
}

/** What the report's own evidence (not the first diagnosis's) must hold, for the rows that check it. */
export const REPORT_EVIDENCE: Readonly<Record<string, (evidence: Readonly<Record<string, unknown>>) => boolean>> = {
  'Date jitter with an audience reason: the reason wins, not the Date': (evidence) =>
    matches(evidence, {
      route: 'GET /api/v1/me',
      status: 401,
      wwwAuthenticate: { error: 'invalid_token', error_description: 'jwt audience invalid. expected: api-v2' },
      serverReason: { text: 'jwt audience invalid. expected: api-v2', from: 'www-authenticate' },
      serverReasonCause: 'audience',
      leewaySeconds: 30,
      harnessSecret: { source: 'env:JWT_SECRET_LOCAL' },
      tokenSent: { claims: { aud: 'reference-api', iss: 'https://auth.reference.test' } },
      issuedToken: { token: 'none' },
      refusedTokenVerifiesWith: { source: 'env:JWT_SECRET_LOCAL' },
      issuedTokenVerifiesWith: null,
    }) &&
    (evidence['skewSeconds'] as number) <= -1 &&
    (evidence['skewSeconds'] as number) >= -4,
  'server clock 10 min ahead, Date says so: confirmed by a server-time token': (evidence) =>
    Math.abs((evidence['skewSeconds'] as number) - 600) <= 1 &&
    typeof evidence['serverDate'] === 'string' &&
    Math.abs(Date.parse(evidence['serverDate']) - Date.now() - 600_000) < 10_000,
  'server reason (PyJWT, missing aud)': (evidence) =>
    matches(evidence, { wwwAuthenticate: null, serverReason: { from: 'detail' }, serverReasonCause: 'required-claim' }),
  'own token refused, opaque, nothing narrows it': (evidence) =>
    matches(evidence, {
      wwwAuthenticate: {},
      issuedTokenAccepted: 401,
      issuedTokenVerifiesWith: { source: 'env:JWT_SECRET_LOCAL' },
    }),
  'the target signs and verifies with another key': (evidence) =>
    matches(evidence, { issuedTokenAccepted: 200, issuedTokenVerifiesWith: null, refusedTokenVerifiesWith: {} }),
  '500 with the health route down': (evidence) => matches(evidence, { healthStatus: 500, status: 500 }),
  'the token replayed from the target verifies with the harness key: not a secret mismatch': (evidence) =>
    (evidence['notes'] as string[]).some((note) =>
      note.startsWith(
        'a key the harness holds (env:JWT_SECRET_LOCAL) verifies the token, so the secret is not the cause',
      ),
    ),
  'budget order: the third chain name is found within 4 requests, Date skew and cookie notwithstanding': (evidence) =>
    (evidence['notes'] as string[]).some((note) =>
      /^the server's Date is (3599|360\d) s off; no request left to confirm it$/.test(note),
    ),
  'claims bisection: audience behind an opaque 401': (evidence) => matches(evidence, { issuedTokenAccepted: 200 }),
  "one request in all: the login's token, signed with the harness key, is not sent → no verdict, a note": (evidence) =>
    matches(evidence, {
      issuedTokenAccepted: null,
      issuedTokenVerifiesWith: { source: 'env:JWT_SECRET_LOCAL' },
      notes: [
        'a key the harness holds (env:JWT_SECRET_LOCAL) verifies the token, so the secret is not the cause; no probe named another',
      ],
    }),
  "a silent 401, the login's token names another audience: the audience read from the issued token": (evidence) =>
    matches(evidence, { serverReason: null, issuedTokenAccepted: 200 }),
  'Date jitter: a cached Date 1.8 s behind, leeway 0, refused for its key → not skew': (evidence) =>
    (evidence['probes'] as { label: string }[])[0]?.label === 'valid control (harness token, header)',
};

function matches(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return Object.is(actual, expected);
  if (typeof actual !== 'object' || actual === null) return false;
  return Object.entries(expected).every(([key, value]) => matches((actual as Record<string, unknown>)[key], value));
}
