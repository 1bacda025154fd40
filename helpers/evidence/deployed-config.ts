import type { ConfigMeaning, DeployedConfigSource } from '../env/evidence-keys';
import type { TargetConfig } from '../env/target-config';
import type { HttpClient } from '../http/http-client';
import type { SecretResolution } from '../secret/resolve-secret';
import { Secret } from '../secret/secret';
import { runBoundedCommand } from './bounded-command';

/** The deployed settings the env's TARGET_CONFIG_KEYS names, by meaning; a secret only as a Secret. */
export interface DeployedSettings {
  readonly source: string;
  readonly values: Readonly<Partial<Record<Exclude<ConfigMeaning, 'secret'>, string>>>;
  readonly secret?: Secret | undefined;
  /** Meanings the mapping names whose deployed key is absent. */
  readonly missing: readonly { meaning: ConfigMeaning; key: string }[];
}

export type DeployedRead =
  | { readonly ok: true; readonly settings: DeployedSettings }
  | { readonly ok: false; readonly key: string; readonly failure: string };

/**
 * Flat KEY → value pairs from a config dump: JSON (an object; a Lambda configuration's `Environment.Variables`, or
 * `Variables`, when present; scalar values only, arrays joined by commas) or KEY=VALUE lines (`export`, quotes and
 * `#` comments allowed). Undefined when it is neither.
 */
export function parseConfigText(text: string): Record<string, string> | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return undefined;
    }
    const root = parsed as Record<string, unknown>;
    const environment = root['Environment'] as Record<string, unknown> | undefined;
    const object = (environment?.['Variables'] ?? root['Variables'] ?? root) as Record<string, unknown>;
    if (typeof object !== 'object' || object === null) return undefined;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(object)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        out[key] = String(value);
      else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) out[key] = value.join(',');
    }
    return out;
  }
  const out: Record<string, string> = {};
  for (const raw of trimmed.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) return undefined;
    const value = (match[2] ?? '').trim();
    out[match[1] as string] = /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return out;
}

/**
 * Reads the deployed settings, bounded in time and bytes: TARGET_CONFIG_COMMAND (no shell) or TARGET_CONFIG_URL.
 * Never throws; a failure names the key and never quotes what the source printed (it may be a whole environment).
 */
export async function readDeployedSettings(
  source: DeployedConfigSource,
  tools: { env: Readonly<Record<string, string | undefined>>; http?: HttpClient | undefined },
): Promise<DeployedRead> {
  let text: string;
  let from: string;
  let key: string;
  if (source.command) {
    key = 'TARGET_CONFIG_COMMAND';
    const output = await runBoundedCommand(source.command, {
      timeoutMs: source.timeoutMs,
      maxBytes: source.maxBytes,
      env: tools.env,
      key,
    });
    from = `${key} (${output.label})`;
    if (!output.ok) return { ok: false, key, failure: output.failure };
    if (output.truncated)
      return {
        ok: false,
        key,
        failure: `${from} printed more than ${source.maxBytes} bytes (TARGET_CONFIG_MAX_BYTES)`,
      };
    text = output.stdout;
  } else if (source.url && tools.http) {
    key = 'TARGET_CONFIG_URL';
    from = `${key} (${new URL(source.url).host}${new URL(source.url).pathname})`;
    try {
      const exchange = await tools.http.send(source.url, { useJar: false, label: 'deployed config' });
      if (exchange.status !== 200) return { ok: false, key, failure: `${from} answered ${exchange.status}` };
      if (Buffer.byteLength(exchange.body) > source.maxBytes)
        return { ok: false, key, failure: `${from} answered more than ${source.maxBytes} bytes` };
      text = exchange.body;
    } catch {
      return { ok: false, key, failure: `${from} is unreachable` };
    }
  } else return { ok: false, key: 'TARGET_CONFIG_URL', failure: 'no deployed config source is declared' };
  const pairs = parseConfigText(text);
  if (!pairs) return { ok: false, key, failure: `${from} printed neither a JSON object nor KEY=VALUE lines` };
  const values: Partial<Record<ConfigMeaning, string>> = {};
  const missing: { meaning: ConfigMeaning; key: string }[] = [];
  let secret: Secret | undefined;
  for (const [meaning, deployedKey] of Object.entries(source.keys) as [ConfigMeaning, string][]) {
    const value = pairs[deployedKey];
    if (value === undefined) missing.push({ meaning, key: deployedKey });
    else if (meaning === 'secret') secret = new Secret(new TextEncoder().encode(value), `deployed:${deployedKey}`);
    else values[meaning] = value;
  }
  return { ok: true, settings: { source: from, values, secret, missing } };
}

/** One deployed setting that disagrees with what the env (and the provider) declare. */
export interface ConfigDrift {
  readonly meaning: ConfigMeaning;
  readonly deployedKey: string;
  /** What is deployed (a fingerprint for the secret). */
  readonly deployed: string;
  /** What the env declares, and which env key says so. */
  readonly expected: string;
  readonly expectedFrom: string;
  /** Same value written differently (trailing slash, case): spelling, not another pool. */
  readonly spellingOnly: boolean;
}

const spelling = (value: string) => value.trim().replace(/\/+$/, '').toLowerCase();
const list = (value: string) =>
  value
    .replace(/[[\]"']/g, '')
    .split(/[,\s]+/)
    .filter(Boolean);

/** The issuer a deployed Cognito pool id stands for, in the form the env's issuer uses (an emulator keeps its base). */
function issuerOfPool(pool: string, region: string | undefined, envIssuer: string | undefined): string {
  if (envIssuer && /\/[^/]+\/?$/.test(envIssuer)) return envIssuer.replace(/[^/]+\/?$/, pool);
  const poolRegion = region ?? pool.split('_')[0] ?? '';
  return `https://cognito-idp.${poolRegion}.amazonaws.com/${pool}`;
}

/**
 * Compares the deployed settings with the env: issuer (or the pool id it derives from), audience / client id,
 * token_use, algorithms, JWKS URL, and the secret by fingerprint. Only meanings both sides declare are compared.
 */
export function compareDeployedSettings(
  settings: DeployedSettings,
  config: TargetConfig,
  resolution?: SecretResolution,
): ConfigDrift[] {
  const drifts: ConfigDrift[] = [];
  const keys = config.evidence.deployed?.keys ?? {};
  const push = (meaning: ConfigMeaning, deployed: string, expected: string, expectedFrom: string) =>
    drifts.push({
      meaning,
      deployedKey: keys[meaning] ?? meaning,
      deployed,
      expected,
      expectedFrom,
      spellingOnly: spelling(deployed) === spelling(expected),
    });
  const { values } = settings;
  const envIssuer = config.oauth?.issuer ?? config.jwt.issuer;
  const issuerFrom = config.oauth?.issuer ? 'OIDC_ISSUER' : 'JWT_ISSUER';
  if (envIssuer && values.issuer !== undefined && values.issuer !== envIssuer)
    push('issuer', values.issuer, envIssuer, issuerFrom);
  if (envIssuer && values.pool !== undefined) {
    const derived = issuerOfPool(values.pool, values.region, envIssuer);
    if (derived !== envIssuer) {
      const envPool = /([^/]+)\/?$/.exec(envIssuer)?.[1] ?? envIssuer;
      drifts.push({
        meaning: 'pool',
        deployedKey: keys.pool ?? 'pool',
        deployed: values.pool,
        expected: envPool,
        expectedFrom: issuerFrom,
        spellingOnly: spelling(values.pool) === spelling(envPool),
      });
    }
  }
  const envAudience = config.jwt.audience ?? config.oauth?.clientId;
  if (envAudience && values.audience !== undefined && !list(values.audience).includes(envAudience))
    push('audience', values.audience, envAudience, config.jwt.audience ? 'JWT_AUDIENCE' : 'OAUTH_CLIENT_ID');
  const envTokenUse = config.jwt.claims['token_use'];
  if (typeof envTokenUse === 'string' && values.token_use !== undefined && values.token_use !== envTokenUse)
    push('token_use', values.token_use, envTokenUse, 'JWT_CLAIMS');
  if (values.algorithms !== undefined && !list(values.algorithms).includes(config.jwt.alg))
    push('algorithms', values.algorithms, config.jwt.alg, 'JWT_ALG');
  if (config.oauth?.jwksUrl && values.jwks !== undefined && values.jwks !== config.oauth.jwksUrl)
    push('jwks', values.jwks, config.oauth.jwksUrl, 'JWKS_URL');
  if (settings.secret && resolution) {
    const known = new Set([
      resolution.fingerprint,
      resolution.stored.fingerprint,
      ...resolution.candidates.map((c) => c.fingerprint),
    ]);
    if (!known.has(settings.secret.fingerprint))
      push('secret', settings.secret.fingerprint, resolution.fingerprint, resolution.source);
  }
  return drifts;
}

/**
 * Compares the deployed settings with the claims of a token the clients really get (the one refused, or the login's):
 * its iss against the deployed issuer or pool, its aud (Cognito access tokens: client_id) against the deployed
 * audience, its token_use against the deployed token use.
 */
export function compareTokenWithDeployed(
  settings: DeployedSettings,
  payload: Readonly<Record<string, unknown>>,
  config: TargetConfig,
): ConfigDrift[] {
  const drifts: ConfigDrift[] = [];
  const keys = config.evidence.deployed?.keys ?? {};
  const { values } = settings;
  const iss = typeof payload['iss'] === 'string' ? payload['iss'] : undefined;
  const push = (meaning: ConfigMeaning, deployed: string, expected: string, claim: string) =>
    drifts.push({
      meaning,
      deployedKey: keys[meaning] ?? meaning,
      deployed,
      expected,
      expectedFrom: `the token's ${claim} claim`,
      spellingOnly: spelling(deployed) === spelling(expected),
    });
  if (iss && values.issuer !== undefined && values.issuer !== iss) push('issuer', values.issuer, iss, 'iss');
  if (iss && values.pool !== undefined && issuerOfPool(values.pool, values.region, iss) !== iss)
    push('pool', values.pool, /([^/]+)\/?$/.exec(iss)?.[1] ?? iss, 'iss');
  const aud = payload['aud'] ?? payload['client_id'];
  const audiences = Array.isArray(aud) ? aud.map(String) : typeof aud === 'string' ? [aud] : [];
  if (
    audiences.length > 0 &&
    values.audience !== undefined &&
    !audiences.some((item) => list(values.audience ?? '').includes(item))
  )
    push('audience', values.audience, audiences.join(','), payload['aud'] !== undefined ? 'aud' : 'client_id');
  const tokenUse = payload['token_use'];
  if (typeof tokenUse === 'string' && values.token_use !== undefined && values.token_use !== tokenUse)
    push('token_use', values.token_use, tokenUse, 'token_use');
  return drifts;
}
