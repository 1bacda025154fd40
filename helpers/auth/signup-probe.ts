import { randomBytes, randomUUID } from 'node:crypto';
import type { HttpClient } from '../http/http-client';
import type { HttpExchange } from '../http/exchange';
import { encodeBody, type BodyValue, type RequestShape } from './request-body';

/**
 * The anonymous sign-up probe (seed 000, DVP-ISS-068: a Cognito pool left with AllowAdminCreateUserOnly=false).
 * Either the API's own route (SIGNUP_PATH, the login's field names) or the identity provider's sign-up call
 * (SIGNUP_URL with its headers and fixed fields: Cognito's SignUp is JSON 1.1 with X-Amz-Target and ClientId).
 */
export interface SignupProbe extends RequestShape {
  readonly url: string;
  readonly usernameField: string;
  readonly passwordField: string;
  /** Text in a 4xx body that means "refused" (Cognito: "SignUp is not permitted for this user pool"). */
  readonly refusedMessage?: string | undefined;
  /** True when the probe goes to the identity provider rather than to the API. */
  readonly atIdentityProvider: boolean;
}

/** What counts as refused on an API route: 401/403, or no such endpoint / method (404, 405). */
export const API_SIGNUP_REFUSALS: ReadonlySet<number> = new Set([401, 403, 404, 405]);

export type SignupVerdict = 'open' | 'refused' | 'unknown';

/**
 * A password any common policy accepts (upper, lower, digit, symbol, ≥ 12): a policy refusal would hide whether the
 * pool accepts anonymous sign-ups at all.
 */
function probePassword(): string {
  return `Ac9!${randomBytes(12).toString('base64url')}zQ`;
}

export interface SignupProbeResult {
  readonly exchange: HttpExchange;
  readonly probeUser: string;
  readonly verdict: SignupVerdict;
}

export async function sendSignupProbe(http: HttpClient, probe: SignupProbe): Promise<SignupProbeResult> {
  const probeUser = `authcanary-probe-${randomUUID()}@example.invalid`;
  const fields: Array<readonly [string, BodyValue]> = [
    [probe.usernameField, probeUser],
    [probe.passwordField, probePassword()],
  ];
  // Cognito wants the e-mail as a user attribute when the pool requires one; other APIs take a plain field.
  fields.push(
    probe.usernameField === 'Username'
      ? ['UserAttributes', [{ Name: 'email', Value: probeUser }] as unknown as BodyValue] // a JSON array
      : ['email', probeUser],
  );
  const body = encodeBody(probe, fields);
  const exchange = await http.send(probe.url, {
    method: 'POST',
    headers: body.headers,
    body: body.text,
    useJar: false,
    label: 'anonymous sign-up',
  });
  return { exchange, probeUser, verdict: signupVerdict(probe, exchange.status, exchange.body) };
}

/** 2xx: open. A declared refusal (status, or the IdP's refusal text in a 4xx body): refused. Anything else: unknown. */
export function signupVerdict(probe: SignupProbe, status: number, body: string): SignupVerdict {
  if (status >= 200 && status < 300) return 'open';
  if (API_SIGNUP_REFUSALS.has(status)) return 'refused';
  if (probe.refusedMessage !== undefined && status >= 400 && status < 500 && body.includes(probe.refusedMessage))
    return 'refused';
  return 'unknown';
}
