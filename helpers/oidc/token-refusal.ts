import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import type { TargetConfig } from '../env/target-config';
import type { HttpExchange } from '../http/exchange';

/**
 * Why the token endpoint gave no token (RFC 6749 §5.2), in the server's words: a refused encoding, a refused client,
 * or the grant itself (wrong user, unsupported grant).
 */
export function explainTokenRefusal(config: TargetConfig, exchange: HttpExchange): Diagnosis {
  const body = exchange.json();
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = typeof record['error'] === 'string' ? record['error'] : undefined;
  const description =
    typeof record['error_description'] === 'string'
      ? record['error_description']
      : typeof record['message'] === 'string'
        ? record['message']
        : undefined;
  const said = `${exchange.status}${error ? ` ${error}` : ''}${description ? `: "${description}"` : ''}`;
  const evidence = {
    status: exchange.status,
    error: error ?? null,
    errorDescription: description ?? null,
    contentTypeSent: 'application/x-www-form-urlencoded',
    grant: config.oauth?.grant ?? null,
    clientAuth: config.oauth?.clientAuth ?? null,
  };
  if (
    exchange.status === 415 ||
    (exchange.status === 400 && /content.?type|json|form|urlencoded|media type/i.test(description ?? error ?? ''))
  )
    return diagnosis(
      'AC_TOKEN_ENDPOINT_ENCODING',
      `the token endpoint refuses the form-encoded request (${said}); RFC 6749 requires application/x-www-form-urlencoded`,
      evidence,
    );
  if (error === 'invalid_client' || exchange.status === 401)
    return diagnosis(
      'AC_CLIENT_AUTH_REFUSED',
      `the token endpoint refuses client ${JSON.stringify(config.oauth?.clientId ?? null)} authenticated by ${config.oauth?.clientAuth ?? 'none'} (${said})`,
      evidence,
    );
  return diagnosis('AC_LOGIN_FAILED', `the token endpoint gave no access token (${said})`, evidence);
}
