import type { Clock } from '../clock/clock';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import type { SecretResolution } from '../secret/resolve-secret';
import { decodeToken, isJwt, opaqueTokenShape } from '../token/decode-token';
import { isHmacAlg, type SigningKey } from '../token/signing-key';
import { diagnosis, type Diagnosis } from './diagnosis';
import { confirmClockSkew } from './ladder/clock-step';
import { bisectClaims, narrowOwnTokenRefusal, partsOf } from './ladder/claims-step';
import { heldKeyFor } from './ladder/held-key';
import { tryKeys } from './ladder/key-step';
import { CLAIM_CAUSES, claimDiagnosisFromReason, keyMismatch } from './ladder/reason-diagnosis';
import { readSkew, skewMatters } from './passive/clock-skew';
import { causeFromReason, readServerReason } from './passive/server-reason';
import { toBase64Url, tokenEncodingIssues } from './passive/token-encoding';
import { compareIssuedToken, tokenEvidence } from './passive/token-vs-config';
import { parseWwwAuthenticate } from '../http/www-authenticate';
import { ProbeRunner, type Delivery, type ProbeRecord } from './probes/probe-runner';
import { keyHypotheses } from './probes/secret-variants';
import { diagnoseProviderRefusal } from '../oidc/diagnose-provider-refusal';
import { signatureVerifies } from '../token/verify-signature';

export interface DiagnoseContext {
  readonly config: TargetConfig;
  readonly resolution: SecretResolution;
  readonly key: SigningKey;
  readonly clock: Clock;
  /** A client for probes (its jar is not used). */
  readonly http: HttpClient;
  /** A token the target's own login issued, if one was obtained: the best witness of the target's key. */
  readonly issuedToken?: string | undefined;
  /** Maximum probe requests (design: at most 20 per diagnosis). */
  readonly budget?: number;
}

export interface Refusal {
  readonly url: string;
  readonly method: string;
  /** The refused (or failed) response. */
  readonly exchange: HttpExchange;
  /** The token that was sent, if any, and how. */
  readonly token?: string | undefined;
  readonly delivery?: Delivery;
  /** Where the token came from: minted by the harness (default), issued by the target's login, or given by the user. */
  readonly tokenOrigin?: 'harness' | 'target' | 'given';
  /** Local time at the request, for skew. */
  readonly sentAtMs?: number;
  /** The status a valid identity gets on this route (default: any 2xx). A 403 here means the token was accepted. */
  readonly expectedStatus?: number;
}

export interface DiagnosisReport {
  /** Most specific first. Empty: nothing wrong found. */
  readonly diagnoses: Diagnosis[];
  readonly probes: readonly ProbeRecord[];
  readonly requests: number;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/**
 * Explains why a request was refused (401/403) or failed (5xx): passive analysis of what is at hand
 * (status, the server's reason, Date, the tokens' claims), then bounded differential probes against the same route.
 * A hypothesis becomes the verdict only when a probe confirms it; what is only suspected goes to `evidence.notes`.
 */
export async function diagnoseRefusal(context: DiagnoseContext, refusal: Refusal): Promise<DiagnosisReport> {
  const { config, clock } = context;
  const probes = new ProbeRunner(
    context.http,
    config,
    { url: refusal.url, method: refusal.method },
    context.budget ?? 20,
    refusal.expectedStatus,
    refusal.exchange.status,
  );
  const status = refusal.exchange.status;
  const challenge = parseWwwAuthenticate(refusal.exchange.header('www-authenticate')).find(
    (item) => item.scheme.toLowerCase() === 'bearer',
  );
  const reason = readServerReason(refusal.exchange);
  const cause = causeFromReason(reason?.text);
  const skew = readSkew(refusal.exchange.header('date'), refusal.sentAtMs ?? clock.now());
  const notes: string[] = [];
  const evidence: Record<string, unknown> = {
    route: `${refusal.method} ${new URL(refusal.url).pathname}`,
    status,
    wwwAuthenticate: challenge
      ? { error: challenge.params['error'], error_description: challenge.params['error_description'] }
      : (refusal.exchange.header('www-authenticate') ?? null),
    serverReason: reason ?? null,
    serverReasonCause: cause ?? null,
    serverDate: skew?.serverDate ?? null,
    skewSeconds: skew ? Math.round(skew.skewMs / 1000) : null,
    leewaySeconds: config.jwt.leewayMs / 1000,
    harnessSecret: { source: context.resolution.source, fingerprint: context.resolution.fingerprint },
    tokenSent: tokenEvidence(refusal.token),
    issuedToken: tokenEvidence(context.issuedToken),
    notes,
  };
  const done = (diagnoses: Diagnosis[]): DiagnosisReport => ({
    diagnoses,
    probes: probes.records,
    requests: probes.used,
    evidence: { ...evidence, probes: probes.records },
  });
  const base = { key: context.key, clock };

  if (status === 429)
    return done([
      diagnosis(
        'AC_INFRA_RATE_LIMITED',
        `the target answered 429 (rate-limited): infrastructure, not an auth verdict`,
        {
          status,
          retryAfter: refusal.exchange.header('retry-after') ?? null,
        },
      ),
    ]);
  if (status === 502 || status === 503 || status === 504) {
    return done([
      diagnosis(
        'AC_INFRA_5XX',
        `the target answered ${status} (gateway or overload): infrastructure, not an auth verdict`,
        { status },
      ),
    ]);
  }

  if (status >= 500) {
    if (config.target.healthPath) {
      const health = await context.http.send(`${config.target.baseUrl}${config.target.healthPath}`, {
        useJar: false,
        label: 'health',
      });
      probes.count('health route', health.status);
      evidence['healthStatus'] = health.status;
      if (health.status >= 500)
        return done([
          diagnosis('AC_INFRA_5XX', `the health route answers ${health.status} too: the application is down`, {
            health: health.status,
            status,
          }),
        ]);
    }
    const controlOk = await probes.mintAndSend('valid control (harness token, header)', base);
    const control = probes.records.at(-1);
    if (!controlOk && typeof control?.status === 'number' && control.status >= 500) {
      return done([
        diagnosis(
          'AC_AUTH_COMPONENT_BROKEN',
          `a valid token gets ${control.status} while the service is up${evidence['healthStatus'] ? ` (health ${String(evidence['healthStatus'])})` : ''}: the auth component is broken, not the token`,
          { controlStatus: control.status, body: shortBody(refusal.exchange) },
        ),
      ]);
    }
    return done([
      diagnosis(
        'AC_INVALID_TOKEN_5XX',
        `this token gets ${status} while a valid control gets ${String(control?.status)}: invalid tokens crash the handler instead of a 401`,
        { status, controlStatus: control?.status },
      ),
    ]);
  }

  // A token from the env's identity provider (no-mint mode, or not ours): checked through the provider's keys first.
  if (
    config.oauth &&
    refusal.token &&
    (status === 401 || status === 403) &&
    (config.jwt.mint === 'none' || !(await signatureVerifies(refusal.token, context.key)))
  ) {
    const fromProvider = await diagnoseProviderRefusal(context.http, config, clock, refusal);
    if (fromProvider.verdict) evidence['providerKeys'] = fromProvider.verdict;
    if (fromProvider.diagnoses.length > 0) return done(fromProvider.diagnoses);
  }

  const found: Diagnosis[] = [];
  const add = (entry: Diagnosis | undefined) => {
    if (entry && !found.some((existing) => existing.code === entry.code)) found.push(entry);
  };
  const hmac = isHmacAlg(config.jwt.alg);
  // Requests kept for the keys of the harness's own chain: optional probes may not eat into them.
  const hypotheses = hmac ? keyHypotheses(context.resolution) : [];
  const chainHypotheses = hypotheses.filter((hypothesis) => hypothesis.meaning !== 'AC_WEAK_SECRET_ACCEPTED');
  const reserve = chainHypotheses.length;

  // A token that is simply expired (in both clocks) needs no probe.
  if (refusal.token) {
    const decoded = decodeToken(refusal.token);
    const exp = decoded.ok ? decoded.token.payload['exp'] : undefined;
    const serverNow = clock.now() + (skew?.skewMs ?? 0);
    if (
      typeof exp === 'number' &&
      exp * 1000 + config.jwt.leewayMs < Math.min(clock.now(), serverNow) &&
      !(skew && skewMatters(skew.skewMs, config.jwt.leewayMs))
    ) {
      add(
        diagnosis('AC_TOKEN_EXPIRED', `the token expired ${Math.round((clock.now() - exp * 1000) / 1000)} s ago`, {
          exp: new Date(exp * 1000).toISOString(),
        }),
      );
      return done(found);
    }
  }

  // A token written in the wrong encoding: does its base64url form pass?
  const encodingIssues = refusal.token ? tokenEncodingIssues(refusal.token) : [];
  if (refusal.token && encodingIssues.length > 0) {
    const fixed = await probes.send(
      'the same token re-encoded as base64url',
      toBase64Url(refusal.token),
      refusal.delivery ?? 'header',
    );
    const confirmed = fixed !== undefined && probes.accepts(fixed.status);
    add(
      diagnosis(
        'AC_TOKEN_ENCODING_MISMATCH',
        `the token sent is not base64url (${encodingIssues.join(', ')})${confirmed ? '; the same token in base64url is accepted' : ''}`,
        { issues: encodingIssues, confirmedByProbe: confirmed },
      ),
    );
    if (confirmed) return done(found);
  }

  // Which key the harness holds verifies the refused token and the target's own: with one, the secret is not the cause.
  const refusedHeldKey = await heldKeyFor(refusal.token, context.key, context.resolution);
  const issuedHeldKey = await heldKeyFor(context.issuedToken, context.key, context.resolution);
  evidence['refusedTokenVerifiesWith'] = refusedHeldKey ?? null;
  evidence['issuedTokenVerifiesWith'] = issuedHeldKey ?? null;

  // 1. The valid control, by header: is it this token, or everything?
  const controlAccepted = await probes.mintAndSend('valid control (harness token, header)', base);
  if (controlAccepted) {
    if (refusal.delivery === 'cookie' && refusal.token) {
      const byHeader = await probes.send('same token by header', refusal.token, 'header');
      if (byHeader && probes.accepts(byHeader.status))
        add(
          diagnosis(
            'AC_COOKIE_IGNORED',
            `the token is accepted in Authorization but refused in cookie ${config.tokenCookie ?? ''}`,
            { byCookie: status, byHeader: byHeader.status },
          ),
        );
    }
    if (context.issuedToken === refusal.token && refusal.token)
      for (const drift of compareIssuedToken(refusal.token, config)) add(drift);
    if (found.length === 0 && cause && reason) add(acceptedControlCause(cause, reason, config, refusedHeldKey));
    return done(found);
  }

  // 2. Delivery: refused by header, accepted by cookie?
  if (config.tokenCookie && probes.spare(reserve)) {
    if (await probes.mintAndSend('valid control by cookie', base, {}, 'cookie')) {
      add(
        diagnosis(
          'AC_HEADER_IGNORED',
          `a valid token is refused in Authorization but accepted in cookie ${config.tokenCookie}`,
          { byHeader: status },
        ),
      );
      return done(found);
    }
  }

  // 3. Clock: only a token minted from the server's time can confirm a skew.
  if (probes.spare(reserve)) {
    const clockResult = await confirmClockSkew(probes, { skew, cause, config, key: context.key, clock });
    if (clockResult.confirmed) return done([clockResult.confirmed]);
    if (clockResult.note) notes.push(clockResult.note);
  } else if (skew && skewMatters(skew.skewMs, config.jwt.leewayMs)) {
    notes.push(`the server's Date is ${Math.round(skew.skewMs / 1000)} s off; no request left to confirm it`);
  }

  // 4. The target's own token: accepted? Then re-sign its claims with the harness key and find the claim that differs.
  const issuedParts = partsOf(context.issuedToken);
  const issuedExchange =
    context.issuedToken && !probes.exhausted
      ? await probes.send("token issued by the target's login", context.issuedToken)
      : undefined;
  const issuedAccepted = issuedExchange !== undefined && probes.accepts(issuedExchange.status);
  evidence['issuedTokenAccepted'] = issuedExchange ? issuedExchange.status : null;
  if (issuedAccepted && issuedParts) {
    const claims = await bisectClaims(probes, { issued: issuedParts, config, key: context.key, clock });
    if (claims && claims.length > 0) return done(claims);
    if (claims) notes.push("the API accepts the issued claims re-signed with the harness key and the harness's own");
  }

  // 5. What the env and the server say about claims (passive: the issued token against the env, the server's reason).
  const drifts = context.issuedToken ? compareIssuedToken(context.issuedToken, config) : [];
  if (cause && reason && CLAIM_CAUSES.has(cause)) add(claimDiagnosisFromReason(cause, reason, config));
  for (const drift of drifts) add(drift);
  if (found.length > 0) return done(found);

  // 6. Which key does the API accept? The chain's own candidates first (their requests were kept for them).
  const witness = { issuedVerifiesWithHarnessKey: issuedHeldKey !== undefined, issuedAccepted };
  const keyInput = { config, resolution: context.resolution, clock, witness };
  if (hmac) {
    const byChain = await tryKeys(probes, chainHypotheses, { ...keyInput, alg: config.jwt.alg as 'HS256' });
    if (byChain) return done([byChain]);
  }

  // 7. The API refuses its own auth service's token although it is signed with a key the harness holds: narrow it.
  const ownTokenRefused = issuedExchange !== undefined && !issuedAccepted && issuedHeldKey !== undefined;
  if (ownTokenRefused && issuedParts) {
    const narrowed = await narrowOwnTokenRefusal(probes, {
      base: issuedParts,
      key: context.key,
      spare: Math.max(0, probes.remaining - 4),
    });
    if (narrowed) return done([narrowed]);
  }

  // 8. Well-known and empty keys: a backend running on a fallback.
  if (hmac) {
    const weak = await tryKeys(
      probes,
      hypotheses.filter((hypothesis) => hypothesis.meaning === 'AC_WEAK_SECRET_ACCEPTED'),
      { ...keyInput, alg: config.jwt.alg as 'HS256' },
    );
    if (weak) return done([weak]);
  }

  // 9. What is left, never "secret mismatch" while a key the harness holds signs the tokens in question.
  // The harness's own minted token always verifies with its key: only a token from elsewhere is a witness.
  const refusedFromElsewhere =
    refusal.tokenOrigin === 'given' ||
    refusal.tokenOrigin === 'target' ||
    (refusal.token !== undefined && refusal.token === context.issuedToken);
  const holdsKey = issuedHeldKey !== undefined || (refusedFromElsewhere && refusedHeldKey !== undefined);
  if (ownTokenRefused) {
    add(
      diagnosis(
        'AC_API_REFUSES_OWN_TOKENS',
        `the API refuses the token its own auth service just issued (signed with ${issuedHeldKey?.source} ${issuedHeldKey?.fingerprint}, a key the harness holds) and every probe: its claim policy or key differs from its auth service's${reason ? ` (server: "${reason.text}")` : ''}`,
        { probes: probes.used, serverReason: reason ?? null },
      ),
    );
  } else if (issuedAccepted && context.issuedToken !== undefined && !isJwt(context.issuedToken)) {
    // An opaque token says nothing about signing keys: no secret comparison is possible.
    add(
      diagnosis(
        'AC_TOKEN_NOT_JWT',
        `the target accepts the opaque token its login issues (${opaqueTokenShape(context.issuedToken)}) but not the harness's JWT: it may not take JWTs on this route at all; no secret comparison is possible`,
        { issuedTokenAccepted: issuedExchange?.status ?? null },
      ),
    );
  } else if (issuedAccepted && !holdsKey) {
    add(
      keyMismatch(
        config,
        `the target accepts the tokens it issues but not the harness's: it signs with a key other than ${context.resolution.source} (${context.resolution.fingerprint})${context.resolution.candidates.length > 1 ? ' and other than every chain candidate' : ''}`,
        { harness: context.resolution.fingerprint, issuedTokenVerifiesWithHarnessSecret: false },
      ),
    );
  } else if (!holdsKey) {
    add(
      keyMismatch(
        config,
        `no key the harness knows is accepted; the harness resolved ${context.resolution.source} (${context.resolution.fingerprint})${reason ? ` (server: "${reason.text}")` : ''}`,
        { harness: context.resolution.fingerprint, serverReason: reason ?? null },
      ),
    );
  } else {
    notes.push(
      `a key the harness holds (${(issuedHeldKey ?? refusedHeldKey)?.source}) verifies the token, so the secret is not the cause; no probe named another`,
    );
  }
  return done(found);
}

/**
 * The harness's control is accepted, so the refused token itself is at fault; the server's reason says how.
 */
function acceptedControlCause(
  cause: NonNullable<ReturnType<typeof causeFromReason>>,
  reason: NonNullable<ReturnType<typeof readServerReason>>,
  config: TargetConfig,
  refusedHeldKey: { source: string; fingerprint: string } | undefined,
): Diagnosis | undefined {
  if (CLAIM_CAUSES.has(cause)) return claimDiagnosisFromReason(cause, reason, config);
  const said = `(server, ${reason.from}: "${reason.text}")`;
  if (cause === 'expired')
    return diagnosis('AC_TOKEN_EXPIRED', `the server calls the token expired ${said}`, { serverReason: reason });
  if (cause === 'not-yet-valid')
    return diagnosis(
      'AC_CLOCK_SKEW',
      `the server calls the token not yet valid ${said} while the harness's fresh token passes: the clock of whoever minted it is ahead`,
      { serverReason: reason, confirmedByProbe: true },
    );
  if (refusedHeldKey) return undefined;
  return keyMismatch(config, `the token is signed with a key the harness does not hold ${said}`, {
    serverReason: reason,
  });
}

function shortBody(exchange: HttpExchange): string {
  return exchange.body.slice(0, 200);
}
