import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import type { TargetConfig } from '../env/target-config';
import type { LoginResult } from './login';
import type { RefreshResult } from './refresh';
import { describeLocation } from './token-location';

/** AC_LOGIN_FAILED with the server's reason when the declared login (or token source) gave no token; else none. */
export function loginDiagnosis(result: LoginResult, config: TargetConfig): Diagnosis | undefined {
  if (result.token) return undefined;
  const where = describeLocation({
    jsonField: config.login.tokenJsonField,
    cookie: config.login.tokenCookie,
    header: config.login.tokenHeader,
  });
  const status = result.exchange?.status;
  const summary = !result.exchange
    ? `no token: ${result.reason ?? 'the token source gave none'}`
    : status !== undefined && status >= 200 && status < 300
      ? `login answered ${status} but no token in ${where}`
      : `login answered ${status} to a ${config.login.encoding} body: ${result.reason}`;
  return diagnosis('AC_LOGIN_FAILED', summary, {
    status: status ?? null,
    reason: result.reason ?? null,
    encoding: config.login.encoding,
    expectedIn: where,
    wwwAuthenticate: result.exchange?.header('www-authenticate') ?? null,
  });
}

/** AC_REFRESH_FAILED with the server's reason when the declared refresh gave no new access token; else none. */
export function refreshDiagnosis(result: RefreshResult | undefined, config: TargetConfig): Diagnosis | undefined {
  const declared = config.refresh;
  if (!declared || result?.token) return undefined;
  const sentBy = declared.body ? `body field ${declared.body.field} (${declared.body.encoding})` : 'cookie';
  const status = result?.exchange?.status;
  const summary =
    status === undefined
      ? `refresh not sent: ${result?.reason}`
      : status >= 200 && status < 300
        ? `refresh answered ${status} but no new access token in ${describeLocation(declared.access)}`
        : `refresh by ${sentBy} answered ${status}: ${result?.reason}`;
  return diagnosis('AC_REFRESH_FAILED', summary, {
    sentBy,
    status: status ?? null,
    reason: result?.reason ?? null,
    csrfHeader: result?.csrf?.header ?? null,
    expectedIn: describeLocation(declared.access),
  });
}
