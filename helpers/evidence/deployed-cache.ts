import type { DeployedConfigSource } from '../env/evidence-keys';
import type { HttpClient } from '../http/http-client';
import { readDeployedSettings, type DeployedRead } from './deployed-config';

const reads = new WeakMap<DeployedConfigSource, Promise<DeployedRead>>();

/** The deployed settings, read once per run (per declared source): every refusal's diagnosis reuses the answer. */
export function deployedSettingsOnce(
  source: DeployedConfigSource,
  tools: { env: Readonly<Record<string, string | undefined>>; http?: HttpClient | undefined },
): Promise<DeployedRead> {
  let read = reads.get(source);
  if (!read) {
    read = readDeployedSettings(source, tools);
    reads.set(source, read);
  }
  return read;
}
