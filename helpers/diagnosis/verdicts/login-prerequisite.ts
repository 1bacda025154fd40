import type { LoginResult } from '../../auth/login';
import { loginDiagnosis } from '../../auth/step-diagnoses';
import type { TargetConfig } from '../../env/target-config';
import type { TargetUnreachableError } from '../../http/errors';
import { serverErrorDiagnosis } from '../../http/status-verdict';
import { diagnosis, type Diagnosis } from '../diagnosis';

/**
 * Why the login gave no token, as the code a check that needed the token carries: a redirect, a gateway status or a
 * 5xx on the login is infrastructure (or the auth component broken), never a failed login; otherwise the login's own
 * AC_LOGIN_FAILED with the server's reason. Undefined when the login gave a token.
 */
export async function loginFailureCause(
  result: LoginResult,
  config: TargetConfig,
  healthStatus: () => Promise<number | undefined>,
): Promise<Diagnosis | undefined> {
  if (result.token) return undefined;
  if (result.exchange) {
    const answer = await serverErrorDiagnosis(result.exchange, 'login', healthStatus);
    if (answer) return answer;
  }
  return loginDiagnosis(result, config);
}

/** A login that could not be sent at all: the connection-level code it failed with. */
export function loginUnreachable(error: TargetUnreachableError): Diagnosis {
  return diagnosis(error.infraCode, `login: ${error.detail}: infrastructure, not an auth verdict`, {
    url: error.url,
    errorCode: error.errorCode,
  });
}
