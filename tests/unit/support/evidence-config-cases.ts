import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonwebtoken from 'jsonwebtoken';
import { deployedConfigStep } from '../../../helpers/diagnosis/ladder/steps/deployed-config';
import type { ProofRow } from './proof-row';
import { aloneDoesNothing, DEPLOYED_URL, SILENT_SECRET, silentProof, type SilentCase } from './evidence-silent-backend';

/**
 * The API's deployed auth settings behind a silent 401: a config dump (a Lambda configuration's JSON, or KEY=VALUE
 * lines) served where TARGET_CONFIG_URL points, or printed by TARGET_CONFIG_COMMAND, against the token the clients
 * get (the login's, else the refused one when the target issued it) and against the env.
 */

const ISS = 'https://auth.reference.test';
const OTHER_SECRET = randomBytes(32).toString('base64url');

/** A token as the target's own login signs it (jsonwebtoken, the harness's secret), with `claims` on top. */
const issued = (claims: Record<string, unknown>) =>
  jsonwebtoken.sign({ sub: 'alice', iss: ISS, aud: 'reference-api', ...claims }, SILENT_SECRET, { expiresIn: 300 });

/** jsonwebtoken's refusal, with the claim checks the deployed settings describe. */
function refuses(token: string | undefined, options: jsonwebtoken.VerifyOptions & { tokenUse?: string } = {}) {
  try {
    const payload = jsonwebtoken.verify(token ?? '', SILENT_SECRET, options) as Record<string, unknown>;
    return options.tokenUse && payload['token_use'] !== options.tokenUse ? 'Token use not allowed' : undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const lambda = (variables: Record<string, unknown>) =>
  JSON.stringify({ FunctionName: 'api', Runtime: 'nodejs20.x', Environment: { Variables: variables } });
const url = (keys: string) => ({ TARGET_CONFIG_URL: DEPLOYED_URL, TARGET_CONFIG_KEYS: keys });
const FROM = 'TARGET_CONFIG_URL \\(127\\.0\\.0\\.1:9/deployed-config\\)';

interface ConfigEvidence {
  source: string;
  values: Record<string, string>;
  secret: string | null;
  drifts?: { meaning: string; expectedFrom: string }[];
}

export const CONFIG_CASES: readonly SilentCase[] = [
  {
    name: "token use: the login's token says id, the API is deployed for access tokens (the harness's own token refused)",
    env: () => url('token_use:TOKEN_USE'),
    deployed: lambda({ TOKEN_USE: 'access' }),
    login: () => ({ access_token: issued({ token_use: 'id' }) }),
    verify: ({ token }) => refuses(token, { tokenUse: 'access' }),
    first: 'AC_API_WANTS_OTHER_TOKEN_TYPE',
    summary: new RegExp(
      `^the API is deployed to verify access tokens \\(${FROM}, TOKEN_USE\\) but the client sends id tokens$`,
    ),
    ran: '3',
  },
  {
    name: 'token use: no login, the refused token was given (the target issued it) and says id',
    env: () => url('token_use:TOKEN_USE'),
    deployed: lambda({ TOKEN_USE: 'access' }),
    sent: () => issued({ token_use: 'id' }),
    tokenOrigin: 'given',
    verify: ({ token }) => refuses(token, { tokenUse: 'access' }),
    first: 'AC_API_WANTS_OTHER_TOKEN_TYPE',
    summary: /^the API is deployed to verify access tokens \(.*, TOKEN_USE\) but the client sends id tokens$/,
    ran: '3',
  },
  {
    name: "token use against the env (read by a command run with the run's environment): JWT_CLAIMS says id",
    env: ({ dir }) => {
      const dump = join(dir, 'deployed-token-use.env');
      writeFileSync(dump, '# deployed\nexport TOKEN_USE=access\nREGION="eu-west-1"\n');
      return {
        JWT_CLAIMS: '{"token_use":"id"}',
        DEPLOYED_DUMP: dump,
        TARGET_CONFIG_COMMAND: `sh -c 'cat "$DEPLOYED_DUMP"'`,
        TARGET_CONFIG_KEYS: 'token_use:TOKEN_USE',
      };
    },
    verify: ({ token }) => refuses(token, { tokenUse: 'access' }),
    first: 'AC_API_WANTS_OTHER_TOKEN_TYPE',
    summary:
      /^the API is deployed to verify access tokens \(TARGET_CONFIG_COMMAND \(sh\), TOKEN_USE\) but JWT_CLAIMS says the clients send id tokens$/,
    ran: '3',
  },
  {
    // The harness's own token is no witness of what the clients get: the env's declaration is compared.
    name: "audience drift with the harness's own token refused: the env's JWT_AUDIENCE is compared, not the mint",
    env: () => url('audience:APP_CLIENT_ID'),
    deployed: lambda({ APP_CLIENT_ID: 'mobile-app' }),
    verify: ({ token }) => refuses(token, { audience: 'mobile-app' }),
    first: 'AC_DEPLOYED_CONFIG_DRIFT',
    summary: new RegExp(
      `^the API runs with other auth settings than the clients get \\(${FROM}\\): audience: deployed APP_CLIENT_ID="mobile-app", JWT_AUDIENCE says "reference-api"$`,
    ),
    ran: '3',
  },
  {
    // The login's token and the env both disagree with the deployed issuer and audience: each meaning once, the
    // token's word first (it is what the clients really send).
    name: "issuer and audience drift: the login's token outranks the env, each setting named once",
    env: () => url('issuer:JWT_ISSUER,audience:APP_CLIENT_ID'),
    deployed: lambda({ JWT_ISSUER: `${ISS}/pool-b`, APP_CLIENT_ID: 'api-v2' }),
    login: () => ({ access_token: issued({ aud: 'mobile-web' }) }),
    sent: 'login',
    verify: ({ token }) => refuses(token, { audience: 'api-v2', issuer: `${ISS}/pool-b` }),
    first: 'AC_DEPLOYED_CONFIG_DRIFT',
    summary: new RegExp(
      `^the API runs with other auth settings than the clients get \\(${FROM}\\): issuer: deployed JWT_ISSUER="https://auth\\.reference\\.test/pool-b", the token's iss claim says "https://auth\\.reference\\.test"; audience: deployed APP_CLIENT_ID="api-v2", the token's aud claim says "mobile-web"$`,
    ),
    ran: '3',
    check: (report) => {
      const drifts = (report.diagnoses[0]?.evidence['deployedConfig'] as ConfigEvidence | undefined)?.drifts ?? [];
      return drifts.map((drift) => drift.meaning).join(',') === 'issuer,audience' ? undefined : 'drifts differ';
    },
  },
  {
    name: 'the deployed secret is another one: shown by fingerprint only',
    env: () => url('secret:JWT_SECRET,audience:APP_CLIENT_ID'),
    deployed: lambda({ JWT_SECRET: OTHER_SECRET, APP_CLIENT_ID: 'reference-api' }),
    verify: ({ token }) => refuses(token) ?? 'invalid signature',
    first: 'AC_DEPLOYED_CONFIG_DRIFT',
    summary:
      /^the API runs with other auth settings than the clients get \(.*\): secret: deployed JWT_SECRET="fp:[\da-f]{12}", env:JWT_SECRET_LOCAL says "fp:[\da-f]{12}"$/,
    ran: '3',
    check: (report) => {
      const config = report.evidence['deployedConfig'] as ConfigEvidence | undefined;
      if (!config?.secret?.startsWith('fp:')) return 'no deployed secret fingerprint in the evidence';
      return JSON.stringify(report).includes(OTHER_SECRET) ? 'the deployed secret is in the report' : undefined;
    },
  },
  {
    name: 'issuer spelling: the deployed issuer has a trailing slash',
    env: () => url('issuer:JWT_ISSUER'),
    deployed: lambda({ JWT_ISSUER: `${ISS}/` }),
    verify: ({ token }) => refuses(token, { issuer: `${ISS}/` }),
    first: 'AC_ISSUER_SPELLING_DRIFT',
    summary:
      /^the API's deployed issuer is the same provider spelled differently \(issuer: deployed JWT_ISSUER="https:\/\/auth\.reference\.test\/", JWT_ISSUER says "https:\/\/auth\.reference\.test"; from TARGET_CONFIG_URL/,
    ran: '3',
  },
  {
    name: 'pool drift: the deployed Cognito pool is another pool than the issuer the env declares',
    env: () => ({
      ...url('pool:USER_POOL_ID,region:AWS_REGION'),
      JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_CLIENTPOOL',
    }),
    deployed: lambda({ USER_POOL_ID: 'eu-west-1_OTHERPOOL', AWS_REGION: 'eu-west-1' }),
    verify: () => 'Issuer not allowed',
    first: 'AC_DEPLOYED_CONFIG_DRIFT',
    summary: /: pool: deployed USER_POOL_ID="eu-west-1_OTHERPOOL", JWT_ISSUER says "eu-west-1_CLIENTPOOL"$/,
    ran: '3',
  },
  {
    name: 'algorithms: the deployed list (a JSON array) has no HS256',
    env: () => url('algorithms:JWT_ALGORITHMS'),
    deployed: JSON.stringify({ JWT_ALGORITHMS: ['RS256', 'ES256'] }),
    verify: ({ token }) => refuses(token, { algorithms: ['RS256', 'ES256'] }),
    first: 'AC_DEPLOYED_CONFIG_DRIFT',
    summary: /: algorithms: deployed JWT_ALGORITHMS="RS256,ES256", JWT_ALG says "HS256"$/,
    ran: '3',
  },
  {
    name: 'no drift: the deployed settings match, a key they lack is a note, and the ladder goes on',
    env: () => url('issuer:JWT_ISSUER,audience:APP_CLIENT_ID,algorithms:JWT_ALGORITHMS,region:AWS_REGION'),
    deployed: `JWT_ISSUER=${ISS}\nAPP_CLIENT_ID=reference-api\nJWT_ALGORITHMS=HS256\n`,
    sent: (harness) => harness.mint({ issuedAtOffsetMs: -3_600_000 }),
    verify: ({ token }) => refuses(token),
    first: 'AC_TOKEN_EXPIRED',
    ran: '3 5',
    never: ['AC_DEPLOYED_CONFIG_DRIFT'],
    notes: [
      /^TARGET_CONFIG_KEYS names AWS_REGION for region; TARGET_CONFIG_URL \(127\.0\.0\.1:9\/deployed-config\) has no such key$/,
    ],
    check: (report) => {
      const config = report.evidence['deployedConfig'] as ConfigEvidence | undefined;
      return config?.values['audience'] === 'reference-api' ? undefined : 'deployed values not in the evidence';
    },
  },
  {
    name: 'a config URL that answers 404: a note naming the key, and the ladder goes on',
    env: () => url('audience:APP_CLIENT_ID'),
    sent: (harness) => harness.mint({ issuedAtOffsetMs: -3_600_000 }),
    verify: ({ token }) => refuses(token),
    first: 'AC_TOKEN_EXPIRED',
    ran: '3 5',
    notes: [
      /^the API's deployed settings could not be read: TARGET_CONFIG_URL \(127\.0\.0\.1:9\/deployed-config\) answered 404$/,
    ],
    check: (report) => (report.evidence['deployedConfig'] === undefined ? undefined : 'settings in the evidence'),
  },
];

/** The step on a state without a declared source (its needs keep the runner from this; alone it does nothing). */
const NO_SOURCE_DECLARED = aloneDoesNothing(
  "the API's deployed settings step run alone with no source declared: nothing read, nothing found",
  deployedConfigStep,
);

export const CONFIG_PROOFS: readonly ProofRow[] = [...CONFIG_CASES.map(silentProof), NO_SOURCE_DECLARED];
