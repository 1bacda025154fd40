import type { TargetConfig } from '../env/target-config';
import type { SecretResolution } from '../secret/resolve-secret';
import { Scrubber } from './scrubber';

/** A scrubber that knows every sensitive value of a run: all chain candidates, the stored form, the passwords. */
export function scrubberFor(config: TargetConfig, resolution: SecretResolution): Scrubber {
  const scrubber = new Scrubber();
  for (const secret of resolution.candidates) scrubber.add(secret.reveal());
  scrubber.add(resolution.stored.reveal());
  scrubber.add(config.users.user.password.reveal());
  if (config.users.admin) scrubber.add(config.users.admin.password.reveal());
  const source = config.tokenSource;
  const external = source?.kind === 'variable' ? source.token : source?.acquired;
  if (external) scrubber.add(external.reveal());
  return scrubber;
}
