import { UsageError } from '../helpers/errors/authcanary-error';

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: ReadonlyMap<string, string[]>;
  readonly positionals: readonly string[];
  /** Everything after `--`, passed through (to Playwright for `run`). */
  readonly passthrough: readonly string[];
}

/** `--name value`, `--name=value`, boolean `--flag`; the flags a command accepts are declared by it. */
export function parseArgs(
  argv: readonly string[],
  spec: { readonly valued: readonly string[]; readonly boolean: readonly string[] },
): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const passthrough = separator === -1 ? [] : argv.slice(separator + 1);
  for (let index = 0; index < own.length; index++) {
    const arg = own[index] as string;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (spec.boolean.includes(name)) {
      flags.set(name, ['true']);
    } else if (spec.valued.includes(name)) {
      const value = eq === -1 ? own[++index] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--')))
        throw new UsageError(`--${name} needs a value`, `write --${name} VALUE`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option --${name}`, 'run `authcanary help` for the options of each command');
    }
  }
  return { command: positionals[0], flags, positionals: positionals.slice(1), passthrough };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

export function flagList(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}
