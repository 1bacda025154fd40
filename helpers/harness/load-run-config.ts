import { ConfigError, type ConfigIssue } from '../errors/authcanary-error';
import { inspectTargetConfig, type LoadTargetOptions, type TargetInspection } from '../env/load-env';
import { formatConfigIssues } from '../env/format-config-error';
import type { TargetConfig } from '../env/target-config';
import { SecretError } from '../secret/errors';
import type { SecretResolution } from '../secret/resolve-secret';
import { isHmacAlg } from '../token/signing-key';
import { resolveHarnessSecret, type SecretSettings } from '../token/harness-key';
import { secretSettingsFrom } from './secret-settings';

export type Variables = Readonly<Record<string, string | undefined>>;

/** The first two stages of a run: the validated env and the resolved key material. */
export interface RunConfig {
  readonly config: TargetConfig;
  /** Merged variables (files + process env). Holds secret values: only for resolvers. */
  readonly variables: Variables;
  readonly secrets: SecretResolution;
}

/** The operations these stages are made of; tests inject counting or failing ones. */
export interface ConfigStages {
  readonly inspect: (options: LoadTargetOptions) => TargetInspection;
  readonly resolveSecret: (settings: SecretSettings, variables: Variables) => SecretResolution;
}

export const DEFAULT_CONFIG_STAGES: ConfigStages = {
  inspect: inspectTargetConfig,
  resolveSecret: resolveHarnessSecret,
};

/**
 * Loads the env (every key validated) and resolves the secret chain, reporting every problem of both in one error
 * (exit 2): the env's keys and the chain together, file and key named, never a value.
 */
export function loadRunConfig(options: LoadTargetOptions, stages: ConfigStages = DEFAULT_CONFIG_STAGES): RunConfig {
  const inspection = stages.inspect(options);
  const settings = inspection.config ?? secretSettingsFrom(options.envName, inspection.variables);
  let secrets: SecretResolution | undefined;
  let secretError: SecretError | undefined;
  if (settings) {
    try {
      secrets = stages.resolveSecret(settings, inspection.variables);
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      secretError = error;
    }
  }
  if (inspection.config && secrets) return { config: inspection.config, variables: inspection.variables, secrets };
  const where = `env ${options.envName} (${inspection.files.join(', ')})`;
  if (inspection.config && secretError)
    throw new SecretError(secretError.code, `${where}: ${secretError.message}`, secretError.hint);

  const issues: ConfigIssue[] = [...inspection.issues];
  if (secretError && settings)
    issues.push({
      file: inspection.files.join(', '),
      key: isHmacAlg(settings.jwt.alg) ? 'SECRET_CHAIN' : 'SIGNING_KEY_CHAIN',
      message: `${secretError.code}: ${secretError.message}`,
    });
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  throw new ConfigError(
    `${inspection.mainFile} is not a valid target description (${count}):\n${formatConfigIssues(issues)}`,
    issues,
    secretError
      ? `fix the keys listed (annotated example: env/staging.env.example); for the secret: ${secretError.hint}`
      : 'fix the keys listed (annotated example: env/staging.env.example); values are never printed',
  );
}
