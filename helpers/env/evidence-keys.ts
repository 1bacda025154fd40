import { z } from 'zod';
import { splitCommandLine } from '../auth/command-line';

/**
 * Env keys that point the harness at the backend's own evidence: its logs (TARGET_LOG_COMMAND / TARGET_LOG_FILE) and
 * its deployed auth settings (TARGET_CONFIG_COMMAND / TARGET_CONFIG_URL, read through TARGET_CONFIG_KEYS).
 * Commands run without a shell; their output is bounded in time and bytes and scrubbed before it is shown.
 */

/** Placeholders a log command may carry: the refused request's time window and its marker. */
export const LOG_PLACEHOLDERS = ['startIso', 'endIso', 'startMs', 'endMs', 'requestId', 'traceId'] as const;
export type LogPlaceholder = (typeof LOG_PLACEHOLDERS)[number];

/** What a key of the deployed config can mean; TARGET_CONFIG_KEYS maps each to the deployed key that holds it. */
export const CONFIG_MEANINGS = [
  'issuer',
  'pool',
  'region',
  'audience',
  'token_use',
  'algorithms',
  'jwks',
  'secret',
] as const;
export type ConfigMeaning = (typeof CONFIG_MEANINGS)[number];

/** `{name}`: a word in braces; other braces (`{}`, JSON, jq filters) are left alone. */
const PLACEHOLDER = /\{([A-Za-z_]\w*)\}/g;

/** `10s`, `500ms`, `2m`, `30` (seconds) → milliseconds; the schema's duration syntax. */
function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

const boundedDuration = (label: string, fallbackMs: number, maxMs: number) =>
  z
    .string()
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms < 100 || ms > maxMs) {
        ctx.addIssue({ code: 'custom', message: `${label}: expected a duration between 100ms and ${maxMs / 1000}s` });
        return z.NEVER;
      }
      return ms;
    })
    .default(fallbackMs);

const byteLimit = z
  .string()
  .trim()
  .regex(/^\d+$/, 'expected a number of bytes')
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1024, 'at least 1024 bytes')
      .max(16 * 1024 * 1024, 'at most 16777216 bytes (16 MiB)'),
  )
  .default(1024 * 1024);

/** A command line split into argv; `allowed` placeholders only (an unknown one is a config error naming it). */
const commandLine = (allowed: readonly string[]) =>
  z.string().transform((text, ctx) => {
    const argv = splitCommandLine(text);
    if (!argv || argv.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'not a command line (empty, or a quote is not closed)' });
      return z.NEVER;
    }
    const unknown = [...text.matchAll(PLACEHOLDER)]
      .map((match) => match[1] ?? '')
      .filter((name) => !allowed.includes(name));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')}; ${
          allowed.length ? `known: ${allowed.map((name) => `{${name}}`).join(' ')}` : 'this command takes none'
        }`,
      });
      return z.NEVER;
    }
    return argv;
  });

const httpUrl = z
  .string()
  .trim()
  .refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), 'expected an absolute http(s) URL')
  .refine(
    (text) => !URL.canParse(text) || (new URL(text).username === '' && new URL(text).password === ''),
    'must not contain credentials (user:password@)',
  );

const configKeys = z.string().transform((text, ctx) => {
  const map: Partial<Record<ConfigMeaning, string>> = {};
  for (const item of text.split(',').map((part) => part.trim())) {
    if (!item) continue;
    const colon = item.indexOf(':');
    const meaning = item.slice(0, colon).trim();
    const key = item.slice(colon + 1).trim();
    if (colon <= 0 || !key) {
      ctx.addIssue({ code: 'custom', message: 'expected meaning:DEPLOYED_KEY pairs, comma separated' });
      return z.NEVER;
    }
    if (!(CONFIG_MEANINGS as readonly string[]).includes(meaning)) {
      ctx.addIssue({ code: 'custom', message: `unknown meaning "${meaning}"; known: ${CONFIG_MEANINGS.join(', ')}` });
      return z.NEVER;
    }
    map[meaning as ConfigMeaning] = key;
  }
  return map;
});

/** The keys, spread into the env schema. */
export const EVIDENCE_KEYS = {
  TARGET_LOG_COMMAND: commandLine(LOG_PLACEHOLDERS).optional(),
  TARGET_LOG_FILE: z.string().trim().min(1, 'must not be empty').optional(),
  TARGET_LOG_TIMEOUT: boundedDuration('TARGET_LOG_TIMEOUT', 10_000, 120_000),
  TARGET_LOG_MAX_BYTES: byteLimit,
  TARGET_LOG_WINDOW: boundedDuration('TARGET_LOG_WINDOW', 5_000, 600_000),
  TARGET_CONFIG_COMMAND: commandLine([]).optional(),
  TARGET_CONFIG_URL: httpUrl.optional(),
  TARGET_CONFIG_KEYS: configKeys.optional(),
  TARGET_CONFIG_TIMEOUT: boundedDuration('TARGET_CONFIG_TIMEOUT', 10_000, 120_000),
  TARGET_CONFIG_MAX_BYTES: byteLimit,
};

type EvidenceEnv = z.output<z.ZodObject<typeof EVIDENCE_KEYS>>;

export interface LogSourceConfig {
  /** argv with placeholders still in it. */
  readonly command?: readonly string[] | undefined;
  readonly file?: string | undefined;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Padding before and after the request: log timestamps and delivery lag. */
  readonly windowMs: number;
}

export interface DeployedConfigSource {
  readonly command?: readonly string[] | undefined;
  readonly url?: string | undefined;
  readonly keys: Readonly<Partial<Record<ConfigMeaning, string>>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export interface EvidenceConfig {
  readonly log?: LogSourceConfig | undefined;
  readonly deployed?: DeployedConfigSource | undefined;
}

/** The `evidence` part of the target config; undefined sources when the env declares none. */
export function toEvidenceConfig(env: EvidenceEnv): { evidence: EvidenceConfig } {
  const log =
    env.TARGET_LOG_COMMAND || env.TARGET_LOG_FILE
      ? {
          command: env.TARGET_LOG_COMMAND,
          file: env.TARGET_LOG_FILE,
          timeoutMs: env.TARGET_LOG_TIMEOUT,
          maxBytes: env.TARGET_LOG_MAX_BYTES,
          windowMs: env.TARGET_LOG_WINDOW,
        }
      : undefined;
  const deployed =
    env.TARGET_CONFIG_COMMAND || env.TARGET_CONFIG_URL
      ? {
          command: env.TARGET_CONFIG_COMMAND,
          url: env.TARGET_CONFIG_URL,
          keys: env.TARGET_CONFIG_KEYS ?? {},
          timeoutMs: env.TARGET_CONFIG_TIMEOUT,
          maxBytes: env.TARGET_CONFIG_MAX_BYTES,
        }
      : undefined;
  return { evidence: { log, deployed } };
}
