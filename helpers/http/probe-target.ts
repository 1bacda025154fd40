import { controlRoute, routeUrl } from '../auth/control-route';
import type { TargetConfig } from '../env/target-config';
import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import { redactUrl } from '../redact/redact-headers';
import { TargetUnreachableError } from './errors';
import { HttpClient } from './http-client';
import { redirectDiagnosis, statusClass } from './status-verdict';

export type ProbeResult = { readonly up: true } | { readonly up: false; readonly diagnosis: Diagnosis };

/** Redirects the preflight follows within the target's own origin before it calls the chain a loop. */
export const MAX_REDIRECTS = 5;

/**
 * Is the target testable at all? GET the health path (or the base URL), the login endpoint and the route the
 * negative cases are paired with (without credentials: any answer of the application will do): unreachable, a timeout, 5xx or 429 on any of
 * them means no auth check can be judged. A redirect within the target's origin is followed (a `/` that sends to
 * `/docs` is healthy); one to another origin (an http→https ingress) is reported, since no check follows redirects;
 * a chain that comes back to a visited URL or runs past MAX_REDIRECTS is a loop. Bounded: each request waits at most
 * `timeoutMs`; retries are the HTTP client's declared policy (network errors and gateway answers, never a timeout).
 */
export async function probeTarget(
  config: TargetConfig,
  options: { timeoutMs: number; retries: number; sleep?: (ms: number) => Promise<void> },
): Promise<ProbeResult> {
  const route = controlRoute(config);
  const steps = [
    { step: 'health', url: `${config.target.baseUrl}${config.target.healthPath ?? '/'}` },
    { step: 'login endpoint', url: `${config.target.authUrl}${config.login.path}` },
    ...(route && route.method === 'GET'
      ? [{ step: `route ${route.method} ${route.path}`, url: routeUrl(config, route) }]
      : []),
  ];
  const http = new HttpClient({
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    caFile: config.http.caFile,
    rejectUnauthorized: config.http.rejectUnauthorized,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  try {
    for (const { step, url } of steps) {
      const found = await probeStep(http, step, url);
      if (found) return { up: false, diagnosis: found };
    }
    return { up: true };
  } finally {
    await http.close();
  }
}

async function probeStep(http: HttpClient, step: string, first: string): Promise<Diagnosis | undefined> {
  const origin = new URL(first).origin;
  const visited: string[] = [];
  let url = first;
  for (;;) {
    visited.push(url);
    let exchange;
    try {
      exchange = await http.send(url, { useJar: false, label: `preflight ${step}` });
    } catch (error) {
      if (!(error instanceof TargetUnreachableError)) throw error;
      return diagnosis(error.infraCode, `preflight: the ${step} is unreachable: ${error.detail}`, {
        step,
        url: error.url,
        errorCode: error.errorCode,
      });
    }
    const kind = statusClass(exchange.status);
    if (kind === 'gateway' || kind === 'server-error')
      return diagnosis(
        exchange.status === 429 ? 'AC_INFRA_RATE_LIMITED' : 'AC_INFRA_TARGET_DOWN',
        `preflight: the ${step} (${exchange.record.url}) answered ${exchange.status}: the target cannot be tested`,
        { step, url: exchange.record.url, status: exchange.status },
      );
    if (kind !== 'redirect') return undefined;
    const location = exchange.header('location');
    const next = location === undefined ? undefined : safeUrl(location, url);
    const chain = [...visited, ...(next ? [next] : [])].map(redactUrl);
    if (next !== undefined && (visited.includes(next) || visited.length > MAX_REDIRECTS))
      return diagnosis(
        'AC_INFRA_REDIRECT_LOOP',
        `preflight: the ${step} redirects in a loop (${chain.join(' → ')}): the target cannot be tested`,
        { step, chain, status: exchange.status },
      );
    if (next === undefined || new URL(next).origin !== origin) {
      const found = redirectDiagnosis(
        { status: exchange.status, method: 'GET', url, location },
        `preflight: the ${step}`,
      );
      return diagnosis(found.code, `${found.summary}; no check follows redirects`, { ...found.evidence, step, chain });
    }
    url = next;
  }
}

function safeUrl(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).href;
  } catch {
    return undefined;
  }
}
