import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { DEFAULT_BASELINE_FILE } from '../../helpers/report/baseline';
import { flag, type ParsedArgs } from '../args';

/** A stack template: an annotated env file of the package (env/examples are the stacks the project documents). */
export interface InitTemplate {
  readonly name: string;
  readonly title: string;
  /** The env file it starts from, relative to the package. */
  readonly source: string;
  readonly defaultEnv: string;
}

export const TEMPLATES: readonly InitTemplate[] = [
  {
    name: 'reference',
    title: "the package's reference target, to try it out",
    source: 'env/local.env',
    defaultEnv: 'local',
  },
  {
    name: 'cognito',
    title: 'Amazon Cognito + API Gateway / Lambda',
    source: 'env/examples/cognito.env',
    defaultEnv: 'staging',
  },
  {
    name: 'cognito-app-login',
    title: "Cognito-backed API that logs in through the app's own route (seed 000's shape)",
    source: 'env/examples/cognito-app-login.env',
    defaultEnv: 'staging',
  },
  { name: 'auth0', title: 'Auth0 tenant with an API', source: 'env/examples/auth0.env', defaultEnv: 'staging' },
  { name: 'keycloak', title: 'Keycloak realm', source: 'env/examples/keycloak.env', defaultEnv: 'staging' },
  {
    name: 'entra-id',
    title: 'Microsoft Entra ID (Azure AD)',
    source: 'env/examples/entra-id.env',
    defaultEnv: 'staging',
  },
  {
    name: 'fastapi',
    title: 'FastAPI OAuth2 password flow + PyJWT',
    source: 'env/examples/fastapi-oauth2.env',
    defaultEnv: 'staging',
  },
  {
    name: 'django',
    title: 'Django REST framework + simplejwt',
    source: 'env/examples/django-simplejwt.env',
    defaultEnv: 'staging',
  },
  {
    name: 'flask',
    title: 'Flask + flask-jwt-extended',
    source: 'env/examples/flask-jwt-extended.env',
    defaultEnv: 'staging',
  },
  {
    name: 'lambda-secret',
    title: 'AWS Lambda, key in a Secrets Manager JSON secret',
    source: 'env/examples/lambda-secrets-manager.env',
    defaultEnv: 'staging',
  },
  {
    name: 'oidc',
    title: 'any OpenID Connect provider (discovery + JWKS)',
    source: 'templates/oidc.env',
    defaultEnv: 'staging',
  },
];

export const INIT_HELP = `authcanary init [--template NAME] [--env NAME] [--force]
  Sets authcanary up in the current repository from a stack template: env/NAME.env (annotated; default NAME:
  local for the reference template, else staging), an example spec of your own in tests/authcanary/ (run beside
  the built-in suites: USER_TESTS_DIR in the env file), the nightly workflow (.github/workflows/authcanary.yml),
  an empty baseline (${DEFAULT_BASELINE_FILE}) and the .gitignore lines env/*.local.env and reports/.
  Without --template it asks (when the terminal is interactive). Templates: ${TEMPLATES.map((entry) => entry.name).join(', ')}.
  Nothing is overwritten: a file already there stops it (exit 2, naming the file) unless --force.
  Exit: 0 written, 2 usage error (nothing written).`;

export const USER_TESTS_DIR = 'tests/authcanary';
const GITIGNORE_LINES = ['env/*.local.env', 'reports/'];

export interface InitOptions {
  /** The team's repository (the working directory). */
  readonly root: string;
  readonly template: string | undefined;
  readonly envName: string | undefined;
  readonly force: boolean;
  /** Asks for a template when none is given; absent: not interactive (a missing --template is an error). */
  readonly ask?: (templates: readonly InitTemplate[]) => Promise<string>;
}

export interface InitFile {
  /** Relative to the repository. */
  readonly path: string;
  readonly content: string;
  /** Created, replaced (--force), or extended (.gitignore: only the missing lines are added). */
  readonly action: 'create' | 'replace' | 'extend';
}

export interface InitPlan {
  readonly template: InitTemplate;
  readonly envName: string;
  readonly files: readonly InitFile[];
}

export async function initCommand(args: ParsedArgs, root: string = process.cwd()): Promise<number> {
  const plan = await planInit({
    root,
    template: flag(args, 'template'),
    envName: flag(args, 'env'),
    force: args.flags.has('force'),
    ...(process.stdin.isTTY && process.stdout.isTTY ? { ask: askTemplate } : {}),
  });
  writePlan(root, plan);
  for (const file of plan.files) console.log(`${file.action === 'extend' ? 'updated' : 'wrote'}  ${file.path}`);
  const fill =
    plan.template.name === 'reference'
      ? ''
      : `  fill in env/${plan.envName}.env (secrets: export them, or env/${plan.envName}.local.env, gitignored), then\n`;
  console.log(`
authcanary is set up for env "${plan.envName}" (template ${plan.template.name}). Next:
${fill}  npx authcanary run --env ${plan.envName}                    # the built-in suites and your specs
  npx authcanary run --env ${plan.envName} -- --project user    # your specs in ${USER_TESTS_DIR} only`);
  return 0;
}

/** Everything init would write, checked before anything is: an unknown template or a file already there is exit 2. */
export async function planInit(options: InitOptions): Promise<InitPlan> {
  const names = TEMPLATES.map((entry) => entry.name).join(', ');
  let chosen = options.template;
  if (chosen === undefined) {
    if (!options.ask)
      throw new UsageError('init needs a template (no terminal to ask in)', `write --template NAME, one of: ${names}`);
    chosen = (await options.ask(TEMPLATES)).trim();
  }
  const template = TEMPLATES.find((entry) => entry.name === chosen);
  if (!template) throw new UsageError(`unknown template "${chosen}"`, `write --template NAME, one of: ${names}`);
  const envName = options.envName ?? template.defaultEnv;
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(envName))
    throw new UsageError(`--env ${envName}: expected letters, digits, - and _`, 'write --env staging');

  const planned: { path: string; content: string }[] = [
    { path: `env/${envName}.env`, content: envFile(template, envName) },
    { path: `${USER_TESTS_DIR}/example.spec.ts`, content: packageFile('templates/example.spec.ts.template') },
    {
      path: '.github/workflows/authcanary.yml',
      content: packageFile('templates/workflow.yml.template').replaceAll('__ENV__', envName),
    },
    {
      path: DEFAULT_BASELINE_FILE,
      content: `${JSON.stringify({ schema: 'authcanary/baseline/v1', env: envName, findings: [] }, null, 2)}\n`,
    },
  ];
  const existing = planned.filter((file) => existsSync(join(options.root, file.path)));
  if (existing.length > 0 && !options.force)
    throw new UsageError(
      `${existing.map((file) => file.path).join(', ')} already exist${existing.length === 1 ? 's' : ''}: nothing written`,
      'run init in a repository without them, choose another --env NAME, or pass --force to replace them',
    );
  const files: InitFile[] = planned.map((file) => ({
    ...file,
    action: existing.includes(file) ? 'replace' : 'create',
  }));
  const gitignore = gitignoreAddition(options.root);
  if (gitignore !== undefined) files.push({ path: '.gitignore', content: gitignore, action: 'extend' });
  return { template, envName, files };
}

export function writePlan(root: string, plan: InitPlan): void {
  for (const file of plan.files) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    if (file.action === 'extend') writeFileSync(path, file.content, { flag: 'a' });
    else writeFileSync(path, file.content);
  }
}

function envFile(template: InitTemplate, envName: string): string {
  let body = packageFile(template.source);
  // The reference target's secret is named for the env (the chain reads JWT_SECRET_<ENV> first).
  if (template.name === 'reference' && envName !== 'local')
    body = body.replace(/^JWT_SECRET_LOCAL=/m, `JWT_SECRET_${envName.toUpperCase().replaceAll('-', '_')}=`);
  return `# authcanary env "${envName}", from the ${template.name} template (${template.title}): npx authcanary init.
# Values that are secrets are never written here: export them, or put them in env/${envName}.local.env (gitignored).

${body.trimEnd()}

# ── Your own Playwright specs (import { test, expect } from 'authcanary/playwright'), run beside the built-in suites ──
USER_TESTS_DIR=${USER_TESTS_DIR}
`;
}

/** The lines .gitignore lacks, as text to append; undefined when it has them all. */
function gitignoreAddition(root: string): string | undefined {
  const path = join(root, '.gitignore');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines = new Set(current.split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE_LINES.filter((line) => !lines.has(line));
  if (missing.length === 0) return undefined;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  return `${separator}# authcanary: local secrets and reports\n${missing.join('\n')}\n`;
}

function packageFile(path: string): string {
  return readFileSync(join(PROJECT_ROOT, path), 'utf8');
}

async function askTemplate(templates: readonly InitTemplate[]): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    templates.forEach((entry, index) => console.log(`  ${index + 1}. ${entry.name.padEnd(14)} ${entry.title}`));
    const answer = (await rl.question('template (number or name): ')).trim();
    const index = Number(answer);
    return Number.isInteger(index) && index >= 1 && index <= templates.length
      ? (templates[index - 1] as InitTemplate).name
      : answer;
  } finally {
    rl.close();
  }
}
