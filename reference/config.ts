import { ConfigError } from './config-error';
import { parseFaults, type Fault } from './faults';
import { parseSecretFormat, resolveSecret, standardSecretChain, type Env, type SecretFormat } from './secret';

/** The target's own configuration, read from its own variable names (like a real backend). */
export interface ReferenceConfig {
  /** The environment the secrets are read from (each service resolves its own). */
  env: Env;
  /** `APP_ENV`: selects `JWT_SECRET_{APP_ENV}`. */
  appEnv: string;
  secretFormat: SecretFormat;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  leewaySeconds: number;
  faults: ReadonlySet<Fault>;
  /** `REFERENCE_PORT`; 0 = a free port. */
  port: number;
}

/** Parses and validates the configuration; throws a ConfigError (naming the variable, never its value). */
export function loadConfig(env: Env): ReferenceConfig {
  const appEnv = text(env, 'APP_ENV') ?? 'local';
  const secretFormat = parseSecretFormat(text(env, 'JWT_SECRET_FORMAT'));
  const faults = parseFaults(env.REFERENCE_FAULTS);
  if (!faults.has('fallback-secret')) {
    // Refuse to start without a secret; the services then resolve their own, each with its own options.
    resolveSecret(env, { owner: 'reference target', names: standardSecretChain(appEnv), format: secretFormat });
  }
  return {
    env,
    appEnv,
    secretFormat,
    issuer: text(env, 'JWT_ISSUER') ?? 'https://auth.reference.test',
    audience: text(env, 'JWT_AUDIENCE') ?? 'reference-api',
    accessTtlSeconds: integer(env, 'JWT_ACCESS_TTL_SECONDS', 900, { min: 1 }),
    leewaySeconds: integer(env, 'JWT_LEEWAY_SECONDS', 30, { min: 0 }),
    faults,
    port: integer(env, 'REFERENCE_PORT', 0, { min: 0, max: 65535 }),
  };
}

/** An unset or empty variable counts as absent. */
function text(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, range: { min: number; max?: number }): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < range.min || (range.max !== undefined && parsed > range.max)) {
    const bounds = range.max === undefined ? `>= ${range.min}` : `${range.min}..${range.max}`;
    throw new ConfigError(`${name} must be an integer ${bounds}`);
  }
  return parsed;
}
