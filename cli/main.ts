import { UsageError } from '../helpers/errors/authcanary-error';
import { processEnv } from '../helpers/env/process-env';
import { parseArgs } from './args';
import { RUN_HELP, runCommand } from './commands/run';
import { SECRETS_HELP, secretsCommand } from './commands/secrets';
import { DOCTOR_HELP, doctorCommand } from './commands/doctor';
import { DECODE_HELP, decodeCommand } from './commands/decode';
import { MINT_HELP, mintCommand } from './commands/mint';
import { CODES_HELP, codesCommand } from './commands/codes';

const HELP = `authcanary — synthetic auth-flow checks that explain every 401/403

${RUN_HELP}

${SECRETS_HELP}

${DOCTOR_HELP}

${DECODE_HELP}

${MINT_HELP}

${CODES_HELP}

Environment: AUTH_ENV selects env/<name>.env when --env is not given; values in the process environment
win over the env files. Exit codes: 0 passed, 1 an auth check failed, 2 configuration or usage error,
3 infrastructure (the target could not be tested).`;

const SPEC = {
  valued: ['env', 'reports', 'url', 'method', 'token', 'cookie', 'header', 'sub', 'ttl', 'claim'],
  boolean: ['no-allure', 'help', 'json', 'markdown'],
};

/** Returns the exit code. Expected errors print their code, message and hint; never a stack, never a value. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv, SPEC);
    const variables = processEnv();
    if (args.flags.has('help')) return help();
    switch (args.command) {
      case 'run':
        return await runCommand(args, variables);
      case 'secrets':
        return await secretsCommand(args, variables);
      case 'doctor':
        return await doctorCommand(args, variables);
      case 'decode':
        return await decodeCommand(args, variables);
      case 'mint':
        return await mintCommand(args, variables);
      case 'codes':
        return await codesCommand(args);
      case undefined:
      case 'help':
        return help();
      default:
        throw new UsageError(
          `unknown command "${args.command}"`,
          'commands: run, secrets, doctor, decode, mint, codes, help',
        );
    }
  } catch (error) {
    return reportError(error);
  }
}

function help(): number {
  console.log(HELP);
  return 0;
}

function reportError(error: unknown): number {
  const coded = error as { code?: unknown; hint?: unknown; exitCode?: unknown; message?: unknown };
  if (
    typeof coded.code === 'string' &&
    typeof coded.hint === 'string' &&
    (coded.exitCode === 1 || coded.exitCode === 2 || coded.exitCode === 3)
  ) {
    // Coded findings already start with `[CODE] (kind)`: print that once.
    const message = String(coded.message).replace(/^\[AC_[A-Z0-9_]+\] \((?:auth|infra|inconclusive|config)\) /, '');
    console.error(`authcanary: ${coded.code}: ${message}`);
    console.error(`hint: ${coded.hint}`);
    return coded.exitCode;
  }
  if (error instanceof UsageError) return 2;
  console.error(`authcanary: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
