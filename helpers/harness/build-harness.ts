import type { Dispatcher } from 'undici';
import { login as loginThroughTarget } from '../auth/login';
import { systemClock, type Clock } from '../clock/clock';
import { diagnoseRefusal } from '../diagnosis/diagnose-refusal';
import { runDoctor } from '../doctor/doctor';
import { ConfigError } from '../errors/authcanary-error';
import { selectEnvName } from '../env/env-name';
import { envDirFrom } from '../env/env-dir';
import type { HttpClient } from '../http/http-client';
import { routeProviderRequests } from '../oidc/provider-dispatcher';
import { scrubberFor } from '../redact/sensitive-values';
import { tokensInLogin, type LoginToken } from '../evidence/login-tokens';
import { mintOptionsFromConfig } from '../token/claims-from-config';
import { mintToken } from '../token/mint-token';
import type { Harness, Who } from './harness';
import { httpClientFactory } from './http-factory';
import { DEFAULT_CONFIG_STAGES, loadRunConfig, type ConfigStages, type Variables } from './load-run-config';
import { once } from './once';
import { importSigningKey } from './signing-key-stage';

/** The operations of the stages that read input: the env, the secret chain, the key. */
export interface HarnessStages extends ConfigStages {
  readonly importKey: typeof importSigningKey;
}

export interface BuildHarnessOptions {
  /** The process environment (processEnv()), or a test's own. */
  readonly variables: Variables;
  /** `--env NAME`; otherwise AUTH_ENV, otherwise local. */
  readonly envName?: string | undefined;
  /** Names that may be unset yet: the embedded target's port before it has started. */
  readonly deferred?: readonly string[];
  /** Folder of the env files (default: AUTHCANARY_ENV_DIR, else the project's env/). */
  readonly envDir?: string;
  readonly clock?: Clock;
  /** The stages' operations (tests count or replace them). */
  readonly stages?: Partial<HarnessStages>;
  /** Where the clients' requests go instead of the network (an in-process target); default: the network. */
  readonly dispatcher?: Dispatcher;
}

/**
 * Builds a run in pipeline order: config (env load + validation) → secret resolution → signing key → clock →
 * scrubber → http client factory → mint → login (+ the issued token, lazily, once) → diagnose. Bad input throws one
 * ConfigError / SecretError (exit 2) naming every problem of the env and the secret chain, never a value.
 */
export async function buildHarness(options: BuildHarnessOptions): Promise<Harness> {
  const envName = selectEnvName(options.envName, options.variables);
  const stages = { ...DEFAULT_CONFIG_STAGES, importKey: importSigningKey, ...options.stages };
  const { config, variables, secrets } = loadRunConfig(
    {
      envName,
      envDir: options.envDir ?? envDirFrom(options.variables),
      processVariables: options.variables,
      ...(options.deferred ? { deferred: options.deferred } : {}),
    },
    stages,
  );
  const signingKey = await stages.importKey(config, secrets);
  const clock = options.clock ?? systemClock;
  const scrubber = scrubberFor(config, secrets);
  const http = httpClientFactory(config, options.dispatcher);
  if (options.dispatcher) routeProviderRequests(config, options.dispatcher);
  const context = (client: HttpClient) => ({
    config,
    resolution: secrets,
    key: signingKey,
    clock,
    http: client,
    variables,
  });

  const login = (client: HttpClient, who: Who = 'user') => {
    const credentials = who === 'admin' ? config.users.admin : config.users.user;
    if (!credentials)
      throw new ConfigError(
        'the admin login needs ADMIN_USER',
        [{ file: config.files.join(', '), key: 'ADMIN_USER', message: 'required by this check but not set' }],
        'set ADMIN_USER and ADMIN_USER_PASSWORD in the env file',
      );
    return loginThroughTarget(client, config, credentials, variables);
  };

  let witness: HttpClient | undefined;
  let loginTokens: LoginToken[] = [];
  const issuedToken = once(async () => {
    witness = http();
    const result = await login(witness).catch(() => undefined);
    loginTokens = tokensInLogin(result?.exchange);
    return result?.token;
  });

  return {
    config,
    variables,
    secrets,
    signingKey,
    clock,
    scrubber,
    http,
    mint: (overrides = {}) =>
      mintToken({ ...mintOptionsFromConfig(config, signingKey, clock), notBeforeOffsetMs: 0, ...overrides }),
    login,
    issuedToken,
    diagnose: async (refusal, client) =>
      diagnoseRefusal({ ...context(client), issuedToken: await issuedToken(), loginTokens }, refusal),
    doctor: (request, client) => runDoctor(context(client), request),
    close: async () => {
      await witness?.close();
    },
  };
}
