import { isJwt, opaqueTokenShape } from '../token/decode-token';
import { offsetClock, type Clock } from '../clock/clock';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import type { SecretResolution } from '../secret/resolve-secret';
import { decodeToken } from '../token/decode-token';
import { hmacKey, isHmacAlg, type SigningKey } from '../token/signing-key';
import { signatureVerifies } from '../token/verify-signature';
import { diagnosis, type Diagnosis } from './diagnosis';
import { readSkew, skewMatters } from './passive/clock-skew';
import { toBase64Url, tokenEncodingIssues } from './passive/token-encoding';
import { compareIssuedToken, tokenEvidence } from './passive/token-vs-config';
import { causeFromDescription, parseWwwAuthenticate } from './passive/www-authenticate';
import { ProbeRunner, type Delivery, type ProbeRecord } from './probes/probe-runner';
import { keyHypotheses } from './probes/secret-variants';

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
 * (status, WWW-Authenticate, Date, the tokens' claims), then bounded differential probes against the same route.
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
  const bodyDescription = describeBody(refusal.exchange.json());
  const description = challenge?.params['error_description'] ?? bodyDescription;
  const described = causeFromDescription(description);
  const skew = readSkew(refusal.exchange.header('date'), refusal.sentAtMs ?? clock.now());
  const evidence: Record<string, unknown> = {
    route: `${refusal.method} ${new URL(refusal.url).pathname}`,
    status,
    wwwAuthenticate: challenge
      ? { error: challenge.params['error'], error_description: challenge.params['error_description'] }
      : (refusal.exchange.header('www-authenticate') ?? null),
    serverDate: skew?.serverDate ?? null,
    skewSeconds: skew ? Math.round(skew.skewMs / 1000) : null,
    leewaySeconds: config.jwt.leewayMs / 1000,
    harnessSecret: { source: context.resolution.source, fingerprint: context.resolution.fingerprint },
    tokenSent: tokenEvidence(refusal.token),
    issuedToken: tokenEvidence(context.issuedToken),
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

  const found: Diagnosis[] = [];
  const add = (entry: Diagnosis) => {
    if (!found.some((existing) => existing.code === entry.code)) found.push(entry);
  };

  // A token that is simply expired (in the server's clock) needs no probe.
  if (refusal.token) {
    const decoded = decodeToken(refusal.token);
    const serverNow = clock.now() + (skew?.skewMs ?? 0);
    const exp = decoded.ok ? decoded.token.payload['exp'] : undefined;
    if (
      typeof exp === 'number' &&
      exp * 1000 + config.jwt.leewayMs < serverNow &&
      !(skew && skewMatters(skew.skewMs, config.jwt.leewayMs))
    ) {
      add(
        diagnosis(
          'AC_TOKEN_EXPIRED',
          `the token expired ${Math.round((serverNow - exp * 1000) / 1000)} s ago (server clock)`,
          { exp: new Date(exp * 1000).toISOString() },
        ),
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
    if (found.length === 0 && described) add(describedDiagnosis(described, description, refusal, config));
    return done(found);
  }

  // 2. Delivery: refused by header, accepted by cookie?
  if (config.tokenCookie && !probes.exhausted) {
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

  // 3. Clock: does a token minted from the server's time pass?
  if (skew && skewMatters(skew.skewMs, config.jwt.leewayMs)) {
    const fromServerTime = await probes.mintAndSend(
      `token minted from the server's clock (${Math.round(skew.skewMs / 1000)} s)`,
      { key: context.key, clock: offsetClock(clock, skew.skewMs) },
    );
    add(
      diagnosis(
        'AC_CLOCK_SKEW',
        `the server's clock is ${Math.abs(Math.round(skew.skewMs / 1000))} s ${skew.skewMs > 0 ? 'ahead of' : 'behind'} the runner's (Date: ${skew.serverDate}); leeway ${config.jwt.leewayMs / 1000} s${fromServerTime ? "; a token minted from the server's time is accepted" : ''}`,
        { skewSeconds: Math.round(skew.skewMs / 1000), serverDate: skew.serverDate, confirmedByProbe: fromServerTime },
      ),
    );
    if (fromServerTime) return done(found);
  }

  // 4. Claims and algorithm: what the target issues vs the env, and what the server says.
  const drifts = context.issuedToken ? compareIssuedToken(context.issuedToken, config) : [];
  if (described === 'audience' || described === 'issuer' || described === 'algorithm')
    add(describedDiagnosis(described, description, refusal, config));
  for (const drift of drifts) add(drift);
  if (found.length > 0) return done(found);

  // 5. The target's own token: accepted while ours is not → our key is not the target's.
  const issuedVerifiesWithOurs = context.issuedToken
    ? await signatureVerifies(context.issuedToken, context.key)
    : undefined;
  const issued = context.issuedToken
    ? await probes.send("token issued by the target's login", context.issuedToken)
    : undefined;
  const issuedAccepted = issued !== undefined && probes.accepts(issued.status);
  evidence['issuedTokenVerifiesWithHarnessSecret'] = issuedVerifiesWithOurs ?? null;
  evidence['issuedTokenAccepted'] = issued ? issued.status : null;

  // 6. Which key does the API accept? Chain candidates, encodings, the JSON document, well-known fallbacks.
  if (isHmacAlg(config.jwt.alg)) {
    for (const hypothesis of keyHypotheses(context.resolution)) {
      if (probes.exhausted) break;
      let key: SigningKey;
      try {
        key = await hmacKey(hypothesis.secret, config.jwt.alg);
      } catch {
        continue;
      }
      if (!(await probes.mintAndSend(`signed with ${hypothesis.label}`, { key, clock }))) continue;
      const acceptedKey = { source: hypothesis.secret.source, fingerprint: hypothesis.secret.fingerprint };
      if (hypothesis.meaning === 'AC_SERVICES_SECRET_DISAGREE' && !issuedVerifiesWithOurs && !issuedAccepted) {
        add(
          diagnosis(
            'AC_SECRET_MISMATCH',
            `the API accepts ${hypothesis.secret.source} (${hypothesis.secret.fingerprint}); the harness resolved ${context.resolution.source} (${context.resolution.fingerprint})`,
            { acceptedKey },
          ),
        );
      } else if (hypothesis.meaning === 'AC_SERVICES_SECRET_DISAGREE') {
        add(
          diagnosis(
            'AC_SERVICES_SECRET_DISAGREE',
            `the auth service signs with ${context.resolution.source} (${context.resolution.fingerprint}) but the API validates with ${hypothesis.secret.source} (${hypothesis.secret.fingerprint})`,
            { acceptedKey, issuedTokenVerifiesWithHarnessSecret: issuedVerifiesWithOurs },
          ),
        );
      } else if (hypothesis.meaning === 'AC_JSON_SECRET_AS_KEY') {
        add(
          diagnosis(
            'AC_JSON_SECRET_AS_KEY',
            `the API accepts tokens signed with the whole JSON document of ${context.resolution.source}, not its field`,
            { acceptedKey },
          ),
        );
      } else if (hypothesis.meaning === 'AC_SECRET_ENCODING_MISMATCH') {
        add(
          diagnosis(
            'AC_SECRET_ENCODING_MISMATCH',
            `the API accepts ${hypothesis.label} (${hypothesis.secret.fingerprint}); the harness declares SECRET_ENCODING=${config.secret.encoding}`,
            { acceptedKey },
          ),
        );
      } else {
        add(
          diagnosis(
            'AC_WEAK_SECRET_ACCEPTED',
            `the API accepts tokens signed with ${hypothesis.label}: it runs on a built-in fallback key`,
            { acceptedKey: hypothesis.secret.source },
          ),
        );
      }
      return done(found);
    }
  }

  if (issuedAccepted && context.issuedToken !== undefined && !isJwt(context.issuedToken)) {
    // An opaque token says nothing about signing keys: no secret comparison is possible.
    add(
      diagnosis(
        'AC_TOKEN_NOT_JWT',
        `the target accepts the opaque token its login issues (${opaqueTokenShape(context.issuedToken)}) but not the harness's JWT: it may not take JWTs on this route at all; no secret comparison is possible`,
        { issuedTokenAccepted: issued?.status ?? null },
      ),
    );
  } else if (issuedAccepted) {
    add(
      diagnosis(
        'AC_SECRET_MISMATCH',
        `the target accepts the tokens it issues but not the harness's: it signs with a key other than ${context.resolution.source} (${context.resolution.fingerprint})${context.resolution.candidates.length > 1 ? ' and other than every chain candidate' : ''}`,
        { harness: context.resolution.fingerprint, issuedTokenVerifiesWithHarnessSecret: issuedVerifiesWithOurs },
      ),
    );
  } else if (issuedVerifiesWithOurs) {
    add(
      diagnosis(
        'AC_API_REFUSES_OWN_TOKENS',
        `the API refuses the token its own auth service just issued (signed with ${context.resolution.fingerprint}, like the harness's) and every probe: its verifier is broken or uses a key nobody else has`,
        { probes: probes.used },
      ),
    );
  } else if (described) {
    add(describedDiagnosis(described, description, refusal, config));
  } else {
    add(
      diagnosis(
        'AC_SECRET_MISMATCH',
        `no key the harness knows is accepted; the harness resolved ${context.resolution.source} (${context.resolution.fingerprint})`,
        { harness: context.resolution.fingerprint },
      ),
    );
  }
  return done(found);
}

function describedDiagnosis(
  cause: NonNullable<ReturnType<typeof causeFromDescription>>,
  description: string | undefined,
  refusal: Refusal,
  config: TargetConfig,
): Diagnosis {
  const said = description ? ` (server: "${description}")` : '';
  switch (cause) {
    case 'audience':
      return diagnosis(
        'AC_AUDIENCE_DRIFT',
        `the server refuses the token's audience${said}; declared JWT_AUDIENCE=${JSON.stringify(config.jwt.audience)}`,
        { description },
      );
    case 'issuer':
      return diagnosis(
        'AC_ISSUER_DRIFT',
        `the server refuses the token's issuer${said}; declared JWT_ISSUER=${JSON.stringify(config.jwt.issuer)}`,
        { description },
      );
    case 'algorithm':
      return diagnosis(
        'AC_ALG_DRIFT',
        `the server refuses the token's algorithm${said}; declared JWT_ALG=${config.jwt.alg}`,
        { description },
      );
    case 'expired':
    case 'not-yet-valid':
      return diagnosis('AC_CLOCK_SKEW', `the server refuses the token's time claims${said}`, { description });
    case 'signature':
    case 'malformed':
      return diagnosis('AC_SECRET_MISMATCH', `the server refuses the token's signature${said}`, {
        description,
        route: refusal.url,
      });
  }
}

function describeBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error_description', 'message', 'detail', 'error']) {
    if (typeof record[key] === 'string') return record[key];
  }
  return undefined;
}

function shortBody(exchange: HttpExchange): string {
  return exchange.body.slice(0, 200);
}
