import { flag, type ParsedArgs } from '../args';
import { formatResolution } from '../print-secret';
import { commandHarness } from '../harness';

export const SECRETS_HELP = `authcanary secrets [--env NAME]
  Prints the secret chain: which names are set, which one won, its fingerprint, and warnings. Never a value.`;

export async function secretsCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const { config, secrets } = await commandHarness(variables, flag(args, 'env'));
  console.log(`env ${config.envName} (${config.files.join(', ')})`);
  console.log(formatResolution(secrets));
  return 0;
}
