import { AuthcanaryError, type OidcErrorCode } from '../errors/authcanary-error';

/**
 * The provider's metadata, keys or token endpoint could not be used as the env describes them (exit 2: the env must
 * change). Never quotes a token or a secret. An unreachable provider is TargetUnreachableError (infrastructure).
 */
export class OidcError extends AuthcanaryError {
  constructor(code: OidcErrorCode, message: string, hint: string) {
    super(code, message, { hint, exitCode: 2 });
    this.name = 'OidcError';
  }
}
