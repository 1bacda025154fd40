import { UsageError } from '../../helpers/errors/authcanary-error';
import { parseDuration } from '../../helpers/env/schema';
import { flag, flagList, type ParsedArgs } from '../args';
import { commandHarness } from '../harness';

export const MINT_HELP = `authcanary mint [--env NAME] [--sub SUBJECT] [--ttl 5m] [--claim key=value]...
  Prints a token minted through the secret chain, and nothing else on stdout (pipe it to curl).
  Claim values are parsed as JSON when they can be (role=admin, n=3, flags=["a"]).`;

export async function mintCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const harness = await commandHarness(variables, flag(args, 'env'));
  const { config, secrets } = harness;
  const ttlText = flag(args, 'ttl');
  const ttlMs = ttlText === undefined ? config.jwt.ttlMs : parseDuration(ttlText);
  if (ttlMs === undefined) throw new UsageError(`--ttl is not a duration`, 'write --ttl 30s, 5m or 1h');
  const claims: Record<string, unknown> = { ...config.jwt.claims };
  for (const pair of flagList(args, 'claim')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--claim needs key=value`, 'write --claim role=admin');
    const raw = pair.slice(eq + 1);
    claims[pair.slice(0, eq)] = parseClaimValue(raw);
  }
  const token = await harness.mint({
    ttlMs,
    claims,
    subject: flag(args, 'sub') ?? config.jwt.subject,
  });
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    `minted with ${secrets.source} (${secrets.fingerprint}), ${config.jwt.alg}, ttl ${Math.round(ttlMs / 1000)} s\n`,
  );
  return 0;
}

function parseClaimValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
