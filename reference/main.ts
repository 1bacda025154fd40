import { ConfigError } from './config-error';
import { startIdpReference } from './idp/start-idp';
import { startReference } from './start';

/**
 * `tsx reference/main.ts`: starts the reference target from process.env on 127.0.0.1:`REFERENCE_PORT` (default: a free
 * port), prints `READY http=<port>`, then one `secret <service>: <source> <fingerprint>` line per
 * service. A configuration error prints one line on stderr and exits 1.
 */

try {
  // REFERENCE_MODE=idp: an identity provider and the API behind it, verifying through the JWKS (reference/idp/).
  const target =
    process.env['REFERENCE_MODE'] === 'idp'
      ? { ...(await startIdpReference({ env: process.env })), secrets: {} }
      : await startReference({ env: process.env });
  process.stdout.write(`READY http=${target.port}\n`);
  // Like a well-behaved backend: log which secret each service resolved, by source and fingerprint only.
  for (const [service, secret] of Object.entries(target.secrets))
    process.stdout.write(`secret ${service}: ${secret.source} ${secret.fingerprint}\n`);
  const stop = () => {
    target.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  const message =
    error instanceof ConfigError
      ? `config error: ${error.message}`
      : `failed to start: ${error instanceof Error ? error.message : 'unknown error'}`;
  process.stderr.write(`reference: ${message}\n`);
  process.exit(1);
}
