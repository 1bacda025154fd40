import { flag, type ParsedArgs } from '../args';
import { formatResolution } from '../print-secret';
import { preflight } from '../preflight';

export const SECRETS_HELP = `authcanary secrets [--env NAME]
  Prints the secret chain: which names are set, which one won, its fingerprint, and warnings. Never a value.`;

export async function secretsCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const { loaded, resolution } = preflight(variables, flag(args, 'env'), { deferPort: true });
  console.log(`env ${loaded.config.envName} (${loaded.config.files.join(', ')})`);
  console.log(formatResolution(resolution));
  return 0;
}
