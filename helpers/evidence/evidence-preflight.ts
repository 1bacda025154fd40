import type { Diagnosis } from '../diagnosis/diagnosis';
import { deployedConfigDiagnosis } from '../diagnosis/ladder/deployed-config-diagnosis';
import { ConfigError } from '../errors/authcanary-error';
import { deployedSettingsOnce } from './deployed-cache';
import { compareDeployedSettings } from './deployed-config';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { Scrubber } from '../redact/scrubber';
import type { SecretResolution } from '../secret/resolve-secret';

/**
 * Before any check: the API's deployed settings (when declared) read once and compared with the env. A source that
 * fails, hangs, floods or prints garbage is a ConfigError naming the key (exit 2); a drift is a finding the run
 * reports first (the checks still run: their refusals are explained by the same comparison in the ladder).
 */
export async function evidencePreflight(
  config: TargetConfig,
  tools: {
    resolution: SecretResolution;
    variables: Readonly<Record<string, string | undefined>>;
    http?: HttpClient | undefined;
    scrubber: Scrubber;
  },
): Promise<Diagnosis | undefined> {
  const source = config.evidence.deployed;
  if (!source) return undefined;
  const read = await deployedSettingsOnce(source, { env: tools.variables, http: tools.http });
  const file = config.files.join(', ');
  if (!read.ok)
    throw new ConfigError(
      `the API's deployed settings could not be read: ${tools.scrubber.scrub(read.failure)}`,
      [{ file, key: read.key, message: tools.scrubber.scrub(read.failure) }],
      `run ${read.key} by hand: it must print the deployed settings (JSON or KEY=VALUE) within TARGET_CONFIG_TIMEOUT and TARGET_CONFIG_MAX_BYTES`,
    );
  const missing = read.settings.missing;
  if (missing.length > 0)
    throw new ConfigError(
      `TARGET_CONFIG_KEYS names keys ${read.settings.source} does not print`,
      missing.map((absent) => ({
        file,
        key: 'TARGET_CONFIG_KEYS',
        message: `${absent.meaning}:${absent.key}: no key ${absent.key} in the deployed settings`,
      })),
      'map each meaning to a key the deployed config really has (print it by hand to see its keys)',
    );
  const found = deployedConfigDiagnosis(
    compareDeployedSettings(read.settings, config, tools.resolution),
    read.settings.source,
  );
  return found ? { ...found, summary: `preflight: ${tools.scrubber.scrub(found.summary)}` } : undefined;
}
