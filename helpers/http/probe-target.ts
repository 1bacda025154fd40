import type { TargetConfig } from '../env/target-config';
import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import { TargetUnreachableError } from './errors';
import { HttpClient } from './http-client';

export type ProbeResult = { readonly up: true } | { readonly up: false; readonly diagnosis: Diagnosis };

/** Statuses that say the target is not able to be tested: overload and server errors. */
const DOWN = (status: number) => status >= 500 || status === 429;

/**
 * Is the target testable at all? GET the health path (or the base URL), then the login endpoint: unreachable, 5xx
 * or 429 on either means no auth check can be judged. Bounded: each request waits at most `timeoutMs`, network
 * errors and gateway answers are retried `retries` times (a flap does not stop a run), a hang is not retried.
 */
export async function probeTarget(
  config: TargetConfig,
  options: { timeoutMs: number; retries: number; sleep?: (ms: number) => Promise<void> },
): Promise<ProbeResult> {
  const steps = [
    { step: 'health', url: `${config.target.baseUrl}${config.target.healthPath ?? '/'}` },
    { step: 'login endpoint', url: `${config.target.authUrl}${config.login.path}` },
  ];
  const http = new HttpClient({
    timeoutMs: options.timeoutMs,
    retries: 0,
    caFile: config.http.caFile,
    rejectUnauthorized: config.http.rejectUnauthorized,
  });
  try {
    for (const { step, url } of steps) {
      let last: Diagnosis | undefined;
      for (let attempt = 0; attempt <= options.retries; attempt++) {
        if (attempt > 0) await (options.sleep ?? wait)(200 * attempt);
        try {
          const exchange = await http.send(url, { useJar: false, label: `preflight ${step}` });
          if (!DOWN(exchange.status)) {
            last = undefined;
            break;
          }
          last = diagnosis(
            exchange.status === 429 ? 'AC_INFRA_RATE_LIMITED' : 'AC_INFRA_TARGET_DOWN',
            `preflight: the ${step} (${exchange.record.url}) answered ${exchange.status}: the target cannot be tested`,
            { step, url: exchange.record.url, status: exchange.status },
          );
        } catch (error) {
          if (!(error instanceof TargetUnreachableError)) throw error;
          last = diagnosis(error.infraCode, `preflight: the ${step} is unreachable: ${error.detail}`, {
            step,
            url: error.url,
            errorCode: error.errorCode,
          });
          if (
            error.infraCode === 'AC_INFRA_TIMEOUT' ||
            error.infraCode === 'AC_INFRA_TLS' ||
            error.infraCode === 'AC_INFRA_DNS'
          )
            break;
        }
      }
      if (last) return { up: false, diagnosis: last };
    }
    return { up: true };
  } finally {
    await http.close();
  }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
