import { AuthcanaryError } from '../errors/authcanary-error';

/** The target could not be reached at all: infrastructure, not auth (design notes §5). */
export class TargetUnreachableError extends AuthcanaryError {
  readonly errorCode: string;
  readonly url: string;
  constructor(url: string, errorCode: string, attempts: number) {
    super(
      'AC_INFRA_UNREACHABLE',
      `${url} unreachable after ${attempts} attempt${attempts === 1 ? '' : 's'} (${errorCode})`,
      {
        hint: 'check TARGET_BASE_URL, that the deployment is up, DNS, and TLS (TLS_CA_FILE for a private CA)',
      },
    );
    this.name = 'TargetUnreachableError';
    this.errorCode = errorCode;
    this.url = url;
  }
}
