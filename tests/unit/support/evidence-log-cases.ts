import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { expressjwt } from 'express-jwt';
import { jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { backendLogsStep } from '../../../helpers/diagnosis/ladder/steps/backend-logs';
import type { ProofRow } from './proof-row';
import { aloneDoesNothing, SILENT_SECRET, silentProof, type Seen, type SilentCase } from './evidence-silent-backend';

/**
 * The API's logs behind a silent 401: each line is the real library's own message for the token it was given
 * (jsonwebtoken, jose, aws-jwt-verify, express-jwt, Node's module loader), called in process on the very request.
 */

/** jsonwebtoken's refusal of the token, as the API would log it; undefined when it verifies. */
function jsonwebtokenSays(token: string | undefined, key: string | Buffer, options: jsonwebtoken.VerifyOptions = {}) {
  try {
    jsonwebtoken.verify(token ?? '', key, options);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function joseSays(token: string | undefined, options: Parameters<typeof jwtVerify>[2]) {
  try {
    await jwtVerify(token ?? '', new TextEncoder().encode(SILENT_SECRET), options);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** aws-jwt-verify's Cognito field check (after a good signature): its own message for another token use. */
function cognitoFieldsSay(token: string | undefined, tokenUse: 'id' | 'access') {
  const verified = jsonwebtokenSays(token, SILENT_SECRET);
  if (verified) return verified;
  try {
    validateCognitoJwtFields(jsonwebtoken.decode(token ?? '') as never, { tokenUse, clientId: null });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** express-jwt's refusal of a request whose token it looks for where `getToken` looks. */
async function expressJwtSays(seen: Seen, reads: 'header' | 'cookie') {
  const headers = reads === 'header' && seen.token ? { authorization: `Bearer ${seen.token}` } : {};
  const middleware = expressjwt({
    secret: SILENT_SECRET,
    algorithms: ['HS256'],
    ...(reads === 'cookie' ? { getToken: () => undefined } : {}),
  });
  // The middleware ends by calling next (with its error), not by settling the promise it returns.
  return new Promise<string | undefined>((resolve) => {
    void middleware({ headers } as never, {} as never, (error?: unknown) =>
      resolve(error instanceof Error ? error.message : undefined),
    );
  });
}

/** Node's own words for a handler whose JWT library is not in the bundle (first line of the error). */
function missingModuleMessage(): string {
  try {
    createRequire(import.meta.url)('jsonwebtoken-not-in-this-bundle');
  } catch (error) {
    return (error as Error).message.split('\n')[0] ?? '';
  }
  throw new Error('the module loaded');
}

const stamp = (ms: number) => new Date(ms).toISOString();
const hourAgo = (now: number) => [`${stamp(now - 3_600_000)} ac-an-hour-ago auth: jwt expired`];
const logFile = ({ log }: { log: string }) => ({ TARGET_LOG_FILE: log });
const fileSource = /TARGET_LOG_FILE \(\/.*\/api\.log\)/.source;

/** The backend log evidence the report keeps, read back for checks. */
interface LogEvidence {
  source: string;
  requestId: string | null;
  selectedBy: string;
  lines: string[];
  truncated: boolean;
  cause: { cause: string; line: string } | null;
}
const logEvidence = (evidence: Readonly<Record<string, unknown>>) => evidence['backendLog'] as LogEvidence | undefined;

// EC keys: made at once, where RSA keys would cost the mutation check a noticeable part of its time per mutant.
const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const harnessEc = ec();
const otherEc = ec();

export const LOG_CASES: readonly SilentCase[] = [
  {
    name: "audience drift: jsonwebtoken's own line for this request names it; other requests' lines are not evidence",
    env: logFile,
    // An hour-old line, and a concurrent request's line inside the window whose cause would outrank the audience.
    logBefore: (now) => [...hourAgo(now), `${stamp(now)} ac-someone-else auth: No authorization token was found`],
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET, { audience: 'another-app-client' }),
    first: 'AC_AUDIENCE_DRIFT',
    summary: new RegExp(
      `^the server refuses the token's audience \\(server, backend log, ${fileSource}: ".* ac-[\\w-]+ auth: jwt audience invalid\\. expected: another-app-client"\\); declared JWT_AUDIENCE="reference-api"$`,
    ),
    ran: '2',
    never: ['AC_BACKEND_SAW_NO_TOKEN'],
    check: (report, seen) => {
      const log = logEvidence(report.evidence);
      const id = seen[0]?.requestId;
      if (!log || log.requestId !== id) return `backendLog.requestId ${log?.requestId}, expected ${id}`;
      if (log.selectedBy !== 'marker') return `selected by ${log.selectedBy}`;
      if (log.lines.length !== 1 || !log.lines[0]?.includes(id)) return `lines ${JSON.stringify(log.lines)}`;
      if (log.cause?.cause !== 'audience' || log.cause.line !== log.lines[0]) return 'backendLog.cause differs';
      if (report.requests !== 0) return `${report.requests} requests`;
      return undefined;
    },
  },
  {
    name: 'issuer drift: jsonwebtoken expects another issuer (another provider, not a spelling)',
    env: logFile,
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET, { issuer: 'https://auth.other-pool.test' }),
    first: 'AC_ISSUER_DRIFT',
    summary:
      /^the server refuses the token's issuer \(server, backend log, .*jwt issuer invalid\. expected: https:\/\/auth\.other-pool\.test"\); declared JWT_ISSUER="https:\/\/auth\.reference\.test"$/,
    ran: '2',
    never: ['AC_ISSUER_SPELLING_DRIFT'],
  },
  {
    name: "issuer spelling: jsonwebtoken expects the token's own issuer with a trailing slash",
    env: logFile,
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET, { issuer: 'https://auth.reference.test/' }),
    first: 'AC_ISSUER_SPELLING_DRIFT',
    summary: new RegExp(
      `^the token carries iss="https://auth\\.reference\\.test"; the API expects "https://auth\\.reference\\.test/": the same provider spelled differently .* \\(backend log, ${fileSource}: ".*jwt issuer invalid\\. expected: https://auth\\.reference\\.test/"\\)$`,
    ),
    ran: '2',
    never: ['AC_ISSUER_DRIFT'],
  },
  {
    name: 'algorithm drift: jsonwebtoken allows RS256 only',
    env: logFile,
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET, { algorithms: ['RS256'] }),
    first: 'AC_ALG_DRIFT',
    summary:
      /^the server refuses the token's algorithm \(server, backend log, .*auth: invalid algorithm"\); declared JWT_ALG=HS256$/,
    ran: '2',
  },
  {
    name: 'a required claim: jose requires auth_time, the harness sends none',
    env: logFile,
    verify: ({ token }) => joseSays(token, { requiredClaims: ['auth_time'] }),
    first: 'AC_REQUIRED_CLAIM_MISSING',
    summary: /\(server, backend log, .*auth: missing required "auth_time" claim"\)/,
    ran: '2',
  },
  {
    name: "another secret: jsonwebtoken's invalid signature names the key, not a claim",
    env: logFile,
    verify: ({ token }) => jsonwebtokenSays(token, `${SILENT_SECRET}-rotated`),
    first: 'AC_SECRET_MISMATCH',
    summary:
      /^the backend's verifier refuses the token's signature or key \(backend log, .*auth: invalid signature"\)$/,
    ran: '2',
    never: ['AC_SIGNING_KEY_MISMATCH'],
  },
  {
    name: 'ES256: the API verifies with another public key (signing key, not secret)',
    env: (paths) => ({
      ...logFile(paths),
      JWT_ALG: 'ES256',
      SIGNING_KEY_CHAIN: 'HARNESS_PRIVATE_KEY',
      HARNESS_PRIVATE_KEY: harnessEc.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }),
    verify: ({ token }) =>
      jsonwebtokenSays(token, otherEc.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    first: 'AC_SIGNING_KEY_MISMATCH',
    summary:
      /^the backend's verifier refuses the token's signature or key \(backend log, .*auth: invalid signature"\)$/,
    ran: '2',
    never: ['AC_SECRET_MISMATCH'],
  },
  {
    name: "token use: aws-jwt-verify's Cognito check wants access tokens, the client sends ID tokens",
    env: (paths) => ({ ...logFile(paths), JWT_CLAIMS: '{"token_use":"id"}' }),
    verify: ({ token }) => cognitoFieldsSay(token, 'access'),
    first: 'AC_API_WANTS_OTHER_TOKEN_TYPE',
    summary:
      /^the backend refuses the token's type or token use \(backend log, .*Token use not allowed: id\. Expected: access"\)$/,
    ran: '2',
  },
  {
    name: 'the handler reads the cookie only, the token went by header: express-jwt found none',
    env: logFile,
    verify: (seen) => expressJwtSays(seen, 'cookie'),
    first: 'AC_BACKEND_SAW_NO_TOKEN',
    summary:
      /^the harness sent the token by Authorization header, but the backend says it received none \(backend log, .*No authorization token was found"\)$/,
    ran: '2',
  },
  {
    name: 'the handler reads the header only, the token went by cookie: express-jwt found none',
    env: logFile,
    reads: 'cookie',
    delivery: 'cookie',
    verify: (seen) => expressJwtSays({ ...seen, token: undefined }, 'header'),
    first: 'AC_BACKEND_SAW_NO_TOKEN',
    summary: /^the harness sent the token by cookie access_token, but the backend says it received none \(backend log/,
    ran: '2',
  },
  {
    // A start-up failure carries no request id: its line is found by time, the time the request was sent (the
    // diagnosis runs ten minutes later, its clock says so).
    name: "the JWT library missing from the bundle: Node's own import error, found by the request's send time",
    env: logFile,
    diagnosedLaterMs: 600_000,
    verify: () => missingModuleMessage(),
    logLines: (message, seen) => [`${stamp(seen.atMs)} ERROR Runtime.ImportModuleError: ${message}`],
    first: 'AC_AUTH_LIBRARY_NOT_LOADED',
    summary:
      /^the backend could not load its JWT library or handler \(backend log, .*Cannot find module 'jsonwebtoken-not-in-this-bundle'.*"\): every token is refused whatever it holds$/,
    ran: '2',
    check: (report) => {
      const log = logEvidence(report.evidence);
      return log?.selectedBy === 'time' && log.requestId?.startsWith('ac-') ? undefined : 'not selected by time';
    },
  },
  {
    // Python's own words, captured once from python3 3.11 (`python3 -c 'import jwt'` in a layer without PyJWT), in the
    // line the AWS Lambda runtime writes at start-up: no request id, found beside the request's own marked line.
    name: "a Python handler whose layer lacks PyJWT: the runtime's start-up line beside the request's own",
    env: logFile,
    verify: () => 'Unauthorized',
    logLines: (message, seen) => [
      `${stamp(seen.atMs)} [ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'jwt'`,
      `${stamp(seen.atMs)} ${seen.requestId} END status=401 ${message}`,
    ],
    first: 'AC_AUTH_LIBRARY_NOT_LOADED',
    summary: /^the backend could not load its JWT library or handler \(backend log, .*No module named 'jwt'"\)/,
    ran: '2',
    check: (report) => (logEvidence(report.evidence)?.selectedBy === 'marker' ? undefined : 'not selected by marker'),
  },
  {
    name: 'a log command filtering on {requestId}, run with the run’s environment (its log location)',
    env: ({ log }) => ({
      API_LOG: log,
      TARGET_LOG_COMMAND: `sh -c 'grep -F -- "$0" "$API_LOG"' {requestId}`,
    }),
    logBefore: hourAgo,
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET, { audience: 'another-app-client' }),
    first: 'AC_AUDIENCE_DRIFT',
    summary:
      /\(server, backend log, TARGET_LOG_COMMAND \(sh\): ".*jwt audience invalid\. expected: another-app-client"\)/,
    ran: '2',
  },
  {
    name: 'a chatty backend: 25 lines for the request, the last 20 are kept, the cause among them',
    env: logFile,
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET, { audience: 'another-app-client' }),
    logLines: (message, seen) => [
      ...Array.from({ length: 24 }, (_, index) => `${stamp(seen.atMs)} ${seen.requestId} debug: step ${index + 1}`),
      `${stamp(seen.atMs)} ${seen.requestId} auth: ${message}`,
    ],
    first: 'AC_AUDIENCE_DRIFT',
    ran: '2',
    check: (report) => {
      const lines = logEvidence(report.evidence)?.lines ?? [];
      if (lines.length !== 20) return `${lines.length} lines kept`;
      if (!lines[0]?.endsWith('debug: step 6') || !lines[19]?.includes('jwt audience invalid'))
        return 'not the last 20';
      return undefined;
    },
  },
  {
    name: "a time cause in the log (jsonwebtoken's jwt expired) is a note: the expiry step decides",
    env: logFile,
    sent: (harness) => harness.mint({ issuedAtOffsetMs: -3_600_000 }),
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET),
    first: 'AC_TOKEN_EXPIRED',
    ran: '2 5',
    notes: [/^the API's log says ".* auth: jwt expired" \(TARGET_LOG_FILE \(.*\)\): a time cause, left to the probes$/],
  },
  {
    name: 'an access log only (no reason in it): a note, cause null, and the ladder goes on',
    env: logFile,
    sent: (harness) => harness.mint({ issuedAtOffsetMs: -3_600_000 }),
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET),
    logLines: (_message, seen) => [`${stamp(seen.atMs)} ${seen.requestId} GET /api/v1/me 401 3ms`],
    first: 'AC_TOKEN_EXPIRED',
    ran: '2 5',
    notes: [/^the API's logs \(TARGET_LOG_FILE \(.*\)\) hold 1 line\(s\) for this request, none naming a cause$/],
    check: (report) => (logEvidence(report.evidence)?.cause === null ? undefined : 'backendLog.cause is not null'),
  },
  {
    name: 'a log file that does not exist: a note naming the key, and the ladder goes on',
    env: ({ dir }) => ({ TARGET_LOG_FILE: `${dir}/no-such-api.log` }),
    sent: (harness) => harness.mint({ issuedAtOffsetMs: -3_600_000 }),
    verify: ({ token }) => jsonwebtokenSays(token, SILENT_SECRET),
    first: 'AC_TOKEN_EXPIRED',
    ran: '2 5',
    notes: [/^the API's logs could not be read: TARGET_LOG_FILE does not exist$/],
    noNotes: [/hold \d+ line/],
  },
];

/** The step on a state without a declared log (its needs keep the runner from this; alone it does nothing). */
const NO_LOG_DECLARED = aloneDoesNothing(
  "the API's logs step run alone with no log declared: nothing read, nothing found",
  backendLogsStep,
);

export const LOG_PROOFS: readonly ProofRow[] = [...LOG_CASES.map(silentProof), NO_LOG_DECLARED];
