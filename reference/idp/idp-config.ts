import { ConfigError } from '../config-error';
import type { Env } from '../secret';
import { parseIdpFaults, type IdpFault } from './idp-faults';
import type { IdpAlg } from './idp-keys';

/** The identity provider's own configuration, from its own variable names. */
export interface IdpConfig {
  readonly alg: IdpAlg;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The resource server this deployment's API is (the `aud` of its tokens). */
  readonly audience: string;
  /** Another API of the same tenant: tokens for it must not open this one. */
  readonly otherAudience: string;
  readonly accessTtlSeconds: number;
  readonly faults: ReadonlySet<IdpFault>;
  readonly port: number;
}

export function loadIdpConfig(env: Env): IdpConfig {
  const alg = env['IDP_ALG'] || 'RS256';
  if (alg !== 'RS256' && alg !== 'ES256') throw new ConfigError('IDP_ALG must be RS256 or ES256');
  const clientSecret = env['IDP_CLIENT_SECRET'];
  if (!clientSecret) throw new ConfigError('IDP_CLIENT_SECRET is required in IdP mode');
  const port = Number(env['REFERENCE_PORT'] || '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('REFERENCE_PORT must be 0..65535');
  return {
    alg,
    clientId: env['IDP_CLIENT_ID'] || 'reference-client',
    clientSecret,
    audience: env['IDP_AUDIENCE'] || 'reference-api',
    otherAudience: env['IDP_OTHER_AUDIENCE'] || 'reference-reports',
    accessTtlSeconds: 300,
    faults: parseIdpFaults(env['REFERENCE_FAULTS']),
    port,
  };
}
