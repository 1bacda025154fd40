import { AuthcanaryError } from '../errors/authcanary-error';

/** The provider's metadata, keys or token endpoint could not be used. Never quotes a token or a secret. */
export class OidcError extends AuthcanaryError {
  constructor(code: 'ERR_OIDC_DISCOVERY' | 'ERR_OIDC_JWKS' | 'ERR_OIDC_TOKEN', message: string, hint: string) {
    super(code, message, { hint });
    this.name = 'OidcError';
  }
}
