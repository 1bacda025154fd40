import { expect, test } from '@playwright/test';
import { ConfigError } from '../../helpers/errors/authcanary-error';
import { evidencePreflight } from '../../helpers/evidence/evidence-preflight';
import { parseConfigText } from '../../helpers/evidence/deployed-config';
import { Scrubber } from '../../helpers/redact/scrubber';
import { harnessFor } from './support/in-process-doctor';

const HARNESS_SECRET = 'local-reference-only-5b0d1c8e2f7a4e3b9c6d0a1f8e7b2c4d';
const OTHER_SECRET = 'deployed-other-secret-value-9f8e7d6c5b4a39281706';
const node = process.execPath;

/** A config command printing `text` (a real subprocess, no shell). */
const printing = (text: string) => `${node} -e "process.stdout.write(process.argv[1])" '${text}'`;

async function preflight(variables: Record<string, string>) {
  const harness = await harnessFor({ REFERENCE_PORT: '9', TARGET_BASE_URL: 'http://127.0.0.1:9', ...variables });
  const scrubber = new Scrubber().add(HARNESS_SECRET).add(OTHER_SECRET);
  try {
    return await evidencePreflight(harness.config, {
      resolution: harness.resolution,
      variables: { PATH: process.env['PATH'] },
      scrubber,
    });
  } finally {
    await harness.close();
  }
}

async function preflightError(variables: Record<string, string>): Promise<ConfigError> {
  try {
    await preflight(variables);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const lambda = (variables: Record<string, string>) =>
  JSON.stringify({ FunctionName: 'api', Runtime: 'python3.12', Environment: { Variables: variables } });

test('config dumps: a Lambda configuration, a plain object, KEY=VALUE lines; anything else is refused', () => {
  expect(parseConfigText(lambda({ USER_POOL_ID: 'eu-west-1_abc' }))).toEqual({ USER_POOL_ID: 'eu-west-1_abc' });
  expect(parseConfigText('{"issuer":"https://x","algorithms":["RS256","ES256"],"nested":{"a":1}}')).toEqual({
    issuer: 'https://x',
    algorithms: 'RS256,ES256',
  });
  expect(parseConfigText('# deployed\nexport A=1\nB="two words"\n\nC=\'3\'\n')).toEqual({
    A: '1',
    B: 'two words',
    C: '3',
  });
  expect(parseConfigText('Traceback (most recent call last):\n  oops')).toBeUndefined();
  expect(parseConfigText('{"broken": ')).toBeUndefined();
});

test('the deployed secret is compared by fingerprint: the same secret passes, another one is a drift shown as fp only', async () => {
  const same = await preflight({
    TARGET_CONFIG_COMMAND: printing(lambda({ JWT_SECRET: HARNESS_SECRET, JWT_AUDIENCE: 'reference-api' })),
    TARGET_CONFIG_KEYS: 'secret:JWT_SECRET,audience:JWT_AUDIENCE',
  });
  expect(same).toBeUndefined();
  const drift = await preflight({
    TARGET_CONFIG_COMMAND: printing(lambda({ JWT_SECRET: OTHER_SECRET, JWT_ISSUER: 'https://auth.reference.test' })),
    TARGET_CONFIG_KEYS: 'secret:JWT_SECRET,issuer:JWT_ISSUER',
  });
  expect(drift?.code).toBe('AC_DEPLOYED_CONFIG_DRIFT');
  expect(drift?.summary).toMatch(
    /^preflight: the API runs with other auth settings .*secret: deployed JWT_SECRET="fp:[\da-f]{12}"/,
  );
  expect(JSON.stringify(drift)).not.toContain(OTHER_SECRET);
});

test('audience and algorithm drift against the env', async () => {
  const drift = await preflight({
    TARGET_CONFIG_URL: 'http://127.0.0.1:9/unused',
    TARGET_CONFIG_COMMAND: printing('APP_CLIENT_ID=another-client\nJWT_ALGORITHMS=RS256\n'),
    TARGET_CONFIG_KEYS: 'audience:APP_CLIENT_ID,algorithms:JWT_ALGORITHMS',
  });
  expect(drift?.summary).toContain(
    'audience: deployed APP_CLIENT_ID="another-client", JWT_AUDIENCE says "reference-api"',
  );
  expect(drift?.summary).toContain('algorithms: deployed JWT_ALGORITHMS="RS256", JWT_ALG says "HS256"');
});

test('bad input: a config command that hangs, floods, fails or prints garbage is exit 2 naming the key, never a value', async () => {
  const hangs = await preflightError({
    TARGET_CONFIG_COMMAND: `${node} -e "setInterval(()=>{},1000)"`,
    TARGET_CONFIG_TIMEOUT: '500ms',
  });
  expect(hangs.exitCode).toBe(2);
  expect(hangs.issues).toEqual([
    expect.objectContaining({
      key: 'TARGET_CONFIG_COMMAND',
      message: 'TARGET_CONFIG_COMMAND (node) did not finish within 0.5 s and was stopped',
    }),
  ]);

  const floods = await preflightError({
    TARGET_CONFIG_COMMAND: `${node} -e "const l='A=${'x'.repeat(60)}\\n';for(let i=0;i<170000;i++)process.stdout.write(l)"`,
    TARGET_CONFIG_MAX_BYTES: '65536',
  });
  expect(floods.issues[0]?.message).toBe(
    'TARGET_CONFIG_COMMAND (node) printed more than 65536 bytes (TARGET_CONFIG_MAX_BYTES)',
  );

  const fails = await preflightError({
    TARGET_CONFIG_COMMAND: `${node} -e "console.error('denied for ${OTHER_SECRET}');process.exit(254)"`,
  });
  expect(fails.issues[0]?.message).toMatch(/^TARGET_CONFIG_COMMAND \(node\) exited with code 254; it wrote \d+ bytes/);

  const garbage = await preflightError({ TARGET_CONFIG_COMMAND: printing(`secret is ${OTHER_SECRET}, sorry`) });
  expect(garbage.issues[0]?.message).toBe(
    'TARGET_CONFIG_COMMAND (node) printed neither a JSON object nor KEY=VALUE lines',
  );

  const unmapped = await preflightError({
    TARGET_CONFIG_COMMAND: printing(lambda({ POOL: 'eu-west-1_abc' })),
    TARGET_CONFIG_KEYS: 'pool:USER_POOL_ID',
  });
  expect(unmapped.issues).toEqual([
    expect.objectContaining({
      key: 'TARGET_CONFIG_KEYS',
      message: 'pool:USER_POOL_ID: no key USER_POOL_ID in the deployed settings',
    }),
  ]);
  for (const error of [hangs, floods, fails, garbage, unmapped])
    expect(`${error.message} ${JSON.stringify(error.issues)}`).not.toContain(OTHER_SECRET);
});

test('token_use drift against the env: the preflight names the token type, the code each refused check will carry', async () => {
  const drift = await preflight({
    JWT_CLAIMS: '{"token_use":"id"}',
    TARGET_CONFIG_COMMAND: printing(lambda({ TOKEN_USE: 'access' })),
    TARGET_CONFIG_KEYS: 'token_use:TOKEN_USE',
  });
  expect(drift?.code).toBe('AC_API_WANTS_OTHER_TOKEN_TYPE');
  expect(drift?.summary).toBe(
    'preflight: the API is deployed to verify access tokens (TARGET_CONFIG_COMMAND (node), TOKEN_USE) but JWT_CLAIMS says the clients send id tokens',
  );
});
