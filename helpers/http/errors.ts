import { AuthcanaryError } from '../errors/authcanary-error';
import { redactUrl } from '../redact/redact-headers';
import { describeInfraCode, infraCodeFor, type InfraCode } from './classify-network-error';

/**
 * The target could not be reached at all: infrastructure, not auth. The message starts with
 * `[AC_INFRA_…] (infra)`, the form every failure carries (Allure categories and the summary read it), and the
 * stack is the message alone: a connection failure is a finding about the target, not about the harness's code.
 */
export class TargetUnreachableError extends AuthcanaryError {
  readonly errorCode: string;
  readonly url: string;
  readonly infraCode: InfraCode;
  readonly detail: string;
  constructor(url: string, errorCode: string, attempts: number, method = 'GET') {
    const infraCode = infraCodeFor(errorCode);
    const shown = redactUrl(url);
    const detail = `${method} ${shown}: ${describeInfraCode(infraCode)} after ${attempts} attempt${attempts === 1 ? '' : 's'} (${errorCode})`;
    super(infraCode, `[${infraCode}] (infra) ${detail}: infrastructure, not an auth verdict`, {
      hint: 'check TARGET_BASE_URL, that the deployment is up, DNS, and TLS (TLS_CA_FILE for a private CA)',
      exitCode: 3,
    });
    this.name = 'TargetUnreachableError';
    this.errorCode = errorCode;
    this.url = shown;
    this.infraCode = infraCode;
    this.detail = detail;
    this.stack = this.message;
  }
}
