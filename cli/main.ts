import { UsageError } from '../helpers/errors/authcanary-error';
import { processEnv } from '../helpers/env/process-env';
import { parseArgs } from './args';
import { reportError } from './report-error';
import { RUN_HELP, runCommand } from './commands/run';
import { SECRETS_HELP, secretsCommand } from './commands/secrets';
import { DOCTOR_HELP, doctorCommand } from './commands/doctor';
import { DECODE_HELP, decodeCommand } from './commands/decode';
import { MINT_HELP, mintCommand } from './commands/mint';
import { CODES_HELP, codesCommand } from './commands/codes';
import { BASELINE_HELP, baselineCommand } from './commands/baseline';
import { MERGE_HELP, mergeCommand } from './commands/merge';
import { SUMMARY_HELP, summaryCommand } from './commands/summary';
import { INIT_HELP, initCommand } from './commands/init';

const HELP = `authcanary — synthetic auth-flow checks that explain every 401/403

${RUN_HELP}

${SECRETS_HELP}

${DOCTOR_HELP}

${DECODE_HELP}

${MINT_HELP}

${CODES_HELP}

${BASELINE_HELP}

${MERGE_HELP}

${SUMMARY_HELP}

${INIT_HELP}

Environment: AUTH_ENV selects env/<name>.env when --env is not given; values in the process environment
win over the env files. Exit codes: 0 passed, 1 an auth check failed, 2 configuration or usage error,
3 infrastructure (the target could not be tested).`;

const SPEC = {
  valued: [
    'env',
    'reports',
    'url',
    'method',
    'token',
    'cookie',
    'header',
    'sub',
    'ttl',
    'claim',
    'baseline',
    'fail-on',
    'shard',
    'from',
    'reason',
    'expires',
    'out',
    'history',
    'format',
    'template',
  ],
  boolean: ['no-allure', 'help', 'json', 'markdown', 'allow-partial', 'force'],
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
      case 'baseline':
        return await baselineCommand(args, variables);
      case 'merge':
        return await mergeCommand(args);
      case 'summary':
        return summaryCommand(args);
      case 'init':
        return await initCommand(args);
      case undefined:
      case 'help':
        return help();
      default:
        throw new UsageError(
          `unknown command "${args.command}"`,
          'commands: init, run, baseline, merge, summary, secrets, doctor, decode, mint, codes, help',
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
