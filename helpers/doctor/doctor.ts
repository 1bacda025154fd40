import { performance } from 'node:perf_hooks';
import { login } from '../auth/login';
import { tokensInLogin, type LoginToken } from '../evidence/login-tokens';
import { evidencePreflight } from '../evidence/evidence-preflight';
import { scrubberFor } from '../redact/sensitive-values';
import type { Clock } from '../clock/clock';
import { diagnoseRefusal, type DiagnosisReport } from '../diagnosis/diagnose-refusal';
import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import { heldKeyFor } from '../diagnosis/ladder/held-key';
import { readSkew, skewMatters } from '../diagnosis/passive/clock-skew';
import { readServerReason } from '../diagnosis/passive/server-reason';
import { explainIssuedSignature } from '../diagnosis/passive/issued-signature';
import { compareIssuedToken, tokenEvidence } from '../diagnosis/passive/token-vs-config';
import type { TargetConfig } from '../env/target-config';
import { usesTokenEndpoint } from '../env/oauth-config';
import { connectProvider, verifyThroughProvider } from '../oidc/provider';
import { explainTokenRefusal } from '../oidc/token-refusal';
import { describeVerdict } from '../oidc/verify-issued';
import type { HttpClient } from '../http/http-client';
import { TargetUnreachableError } from '../http/errors';
import { serverErrorDiagnosis } from '../http/status-verdict';
import type { SecretResolution } from '../secret/resolve-secret';
import { mintOptionsFromConfig } from '../token/claims-from-config';
import { mintToken } from '../token/mint-token';
import type { SigningKey } from '../token/signing-key';

export interface DoctorRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A token to replay; without one (and without a cookie), the doctor logs in through the target. */
  readonly token?: string | undefined;
  /** A raw `name=value` cookie to replay. */
  readonly cookie?: string | undefined;
}

export interface DoctorReport {
  readonly verdict: string;
  readonly ok: boolean;
  readonly status: number;
  readonly diagnoses: readonly Diagnosis[];
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly requests: number;
  readonly elapsedMs: number;
  /** With an identity provider: which published key (kid) verified the token, or why none did. */
  readonly issuerKeys?: string | undefined;
}

export interface DoctorContext {
  readonly config: TargetConfig;
  readonly resolution: SecretResolution;
  readonly key: SigningKey;
  readonly clock: Clock;
  readonly http: HttpClient;
  /** Request budget in total (replay + login + probes). */
  readonly budget?: number;
  /** The run's variables: the environment a declared log command (TARGET_LOG_COMMAND) runs with. */
  readonly variables?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Replays one request and explains the answer: passive analysis first, then bounded differential probes
 * (at most `budget` requests in all, only against the given URL and the env's login).
 */
export async function runDoctor(context: DoctorContext, request: DoctorRequest): Promise<DoctorReport> {
  const started = performance.now();
  const budget = context.budget ?? 20;
  const { config, http } = context;
  let requests = 0;
  // The deployed settings first: an unreadable source is a config error (exit 2), a drift a finding of its own.
  const preflightDrift = await evidencePreflight(config, {
    resolution: context.resolution,
    variables: context.variables ?? {},
    http,
    scrubber: scrubberFor(config, context.resolution),
  });

  let issuedToken: string | undefined;
  let loginTokens: LoginToken[] = [];
  const notes: string[] = [];
  let loginEvidence: Record<string, unknown> | undefined;
  if (!request.token && !request.cookie) {
    // A login that cannot reach the target is infrastructure: the command reports it as such (exit 3).
    const result = await login(http, config, config.users.user).catch((error: unknown) => {
      if (error instanceof TargetUnreachableError) throw error;
      return undefined;
    });
    requests++;
    issuedToken = result?.token;
    loginTokens = tokensInLogin(result?.exchange);
    if (result?.exchange && !result.token) {
      const reason = readServerReason(result.exchange);
      loginEvidence = { status: result.exchange.status, serverReason: reason ?? null };
      notes.push(
        `login answered ${result.exchange.status} without a token${reason ? ` (server: "${reason.text}")` : ''}; probing with a minted token`,
      );
    }
    // No-mint mode: without the target's token there is nothing valid to replay (a minted one would be a forgery).
    if (!issuedToken && context.key.ephemeral) {
      const exchange = result?.exchange;
      const infra = exchange ? await serverErrorDiagnosis(exchange, 'login', async () => undefined) : undefined;
      const cause = infra
        ? infra
        : exchange
          ? usesTokenEndpoint(config.oauth)
            ? explainTokenRefusal(config, exchange)
            : diagnosis('AC_LOGIN_FAILED', `login answered ${exchange.status} and returned no token`, {
                status: exchange.status,
              })
          : diagnosis('AC_LOGIN_FAILED', result?.reason ?? 'the login could not be sent', {});
      return {
        verdict: `no token to replay: ${cause.code} — ${cause.summary}`,
        ok: false,
        status: exchange?.status ?? 0,
        diagnoses: [cause],
        evidence: { login: loginEvidence ?? null, notes },
        requests,
        elapsedMs: Math.round(performance.now() - started),
      };
    }
  }
  // A token the developer gives is evidence, as `decode` reads it: which key the harness holds verifies it, its claims.
  const givenToken = request.token
    ? {
        ...tokenEvidence(request.token),
        verifiesWith: (await heldKeyFor(request.token, context.key, context.resolution)) ?? null,
        claimsAgainstEnv: compareIssuedToken(request.token, config).map((entry) => entry.summary),
      }
    : undefined;
  const token =
    request.token ??
    issuedToken ??
    (await mintToken({ ...mintOptionsFromConfig(config, context.key, context.clock), notBeforeOffsetMs: 0 }));
  const headers: Record<string, string> = { ...request.headers, ...(request.cookie ? { cookie: request.cookie } : {}) };
  const sentAtMs = context.clock.now();
  const exchange = await http.send(request.url, {
    method: request.method,
    headers,
    ...(request.cookie ? {} : { bearer: token }),
    useJar: false,
    label: 'replayed request',
  });
  requests++;
  const requestMarker = exchange.record.marker
    ? { requestId: exchange.record.marker.requestId, traceparent: exchange.record.marker.traceparent }
    : null;
  const cookieToken =
    request.cookie && config.tokenCookie ? cookieValue(request.cookie, config.tokenCookie) : undefined;
  const sentToken = request.cookie ? cookieToken : token;

  const issuerKeys = sentToken ? await issuerKeysLine(http, config, sentToken, context.clock) : undefined;
  const passive: Diagnosis[] = preflightDrift ? [preflightDrift] : [];
  if (issuedToken)
    passive.push(
      ...compareIssuedToken(issuedToken, config),
      ...(await explainIssuedSignature(issuedToken, context.resolution, config.jwt.alg)),
    );
  // The Date header is a hint (1 s resolution, often cached): an accepted request proves the clocks agree well enough.
  const skew = readSkew(exchange.header('date'), sentAtMs);
  if (skew && skewMatters(skew.skewMs, config.jwt.leewayMs))
    notes.push(`the server's Date is ${Math.round(skew.skewMs / 1000)} s off the runner's clock (unconfirmed)`);

  if (exchange.status >= 200 && exchange.status < 400) {
    // The request passes, but the harness's own token may not (clock skew, a claim it lacks): the suites would fail
    // on it. One control tells; a refused control is diagnosed like any refusal, its probes confirming the cause.
    // Without a key the target trusts (no-mint mode: an ephemeral key) the harness's own token must be refused:
    // the suites never rely on it, so a control signed with it would only report a false key mismatch.
    const replayedHarnessToken = !request.token && !request.cookie && !issuedToken;
    const harnessHoldsKey = config.jwt.mint !== 'none' && !context.key.ephemeral;
    if (!replayedHarnessToken && harnessHoldsKey && requests < budget) {
      const minted = await mintToken({
        ...mintOptionsFromConfig(config, context.key, context.clock),
        notBeforeOffsetMs: 0,
      });
      const controlSentAt = context.clock.now();
      const control = await http.send(request.url, {
        method: request.method,
        headers: request.headers,
        bearer: minted,
        useJar: false,
        label: 'harness control (minted token)',
      });
      requests++;
      if (control.status === 401 || control.status === 403) {
        const report = await diagnoseRefusal(
          {
            ...context,
            issuedToken: issuedToken ?? (request.token ? request.token : undefined),
            loginTokens,
            budget: budget - requests,
          },
          {
            url: request.url,
            method: request.method,
            exchange: control,
            token: minted,
            delivery: 'header',
            tokenOrigin: 'harness',
            sentAtMs: controlSentAt,
            expectedStatus: exchange.status,
          },
        );
        const diagnoses = [
          ...report.diagnoses,
          ...passive.filter((entry) => !report.diagnoses.some((found) => found.code === entry.code)),
        ];
        const first = diagnoses[0];
        return {
          verdict: first
            ? `accepted (${exchange.status}), but a token the harness mints is refused (${control.status}): ${first.code} — ${first.summary}`
            : `accepted (${exchange.status}), but a token the harness mints is refused (${control.status}); no cause found within ${budget} requests`,
          ok: false,
          status: exchange.status,
          diagnoses,
          evidence: {
            ...report.evidence,
            replayed: { route: `${request.method} ${new URL(request.url).pathname}`, status: exchange.status },
            requestMarker,
            tokenReplayed: tokenEvidence(sentToken),
            ...(givenToken ? { givenToken } : {}),
            notes: [...notes, ...((report.evidence['notes'] as string[] | undefined) ?? [])],
          },
          requests: requests + report.requests,
          elapsedMs: Math.round(performance.now() - started),
        };
      }
    }
    return {
      verdict: passive.length
        ? `accepted (${exchange.status}), with warnings`
        : `OK: accepted (${exchange.status}); no problem found`,
      ok: passive.length === 0,
      status: exchange.status,
      diagnoses: passive,
      evidence: {
        route: `${request.method} ${new URL(request.url).pathname}`,
        status: exchange.status,
        requestMarker,
        tokenSent: tokenEvidence(sentToken),
        harnessSecret: { source: context.resolution.source, fingerprint: context.resolution.fingerprint },
        ...(givenToken ? { givenToken } : {}),
        notes,
      },
      requests,
      elapsedMs: Math.round(performance.now() - started),
      issuerKeys,
    };
  }

  const report: DiagnosisReport = await diagnoseRefusal(
    { ...context, issuedToken, loginTokens, budget: Math.max(0, budget - requests) },
    {
      url: request.url,
      method: request.method,
      exchange,
      token: sentToken,
      delivery: request.cookie ? 'cookie' : 'header',
      tokenOrigin: request.token || request.cookie ? 'given' : issuedToken ? 'target' : 'harness',
      sentAtMs,
    },
  );
  const diagnoses = [
    ...report.diagnoses,
    ...passive.filter((entry) => !report.diagnoses.some((found) => found.code === entry.code)),
  ];
  const first = diagnoses[0];
  return {
    verdict: first
      ? `refused (${exchange.status}): ${first.code} — ${first.summary}`
      : `refused (${exchange.status}): no cause found within ${budget} requests`,
    ok: false,
    status: exchange.status,
    diagnoses,
    evidence: {
      ...report.evidence,
      requestMarker,
      ...(givenToken ? { givenToken } : {}),
      ...(loginEvidence ? { login: loginEvidence } : {}),
      notes: [...notes, ...((report.evidence['notes'] as string[] | undefined) ?? [])],
    },
    requests: requests + report.requests,
    elapsedMs: Math.round(performance.now() - started),
    issuerKeys,
  };
}

/** The token checked through the env's identity provider, as one line; undefined without one. */
async function issuerKeysLine(
  http: HttpClient,
  config: TargetConfig,
  token: string,
  clock: Clock,
): Promise<string | undefined> {
  if (!config.oauth) return undefined;
  try {
    const provider = await connectProvider(http, config);
    const verdict = await verifyThroughProvider(provider, config, token, clock);
    return verdict
      ? `${describeVerdict(verdict)} (${provider.keys?.url ?? ''} publishes ${verdict.publishedKids.join(', ') || 'no kid'})`
      : undefined;
  } catch (error) {
    return `not checked: ${error instanceof Error ? error.message : 'unknown error'}`;
  }
}

function cookieValue(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
