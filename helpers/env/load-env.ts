import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readEnvFile } from './read-env-file';
import { targetSchema } from './schema';
import { ConfigError, type ConfigIssue } from '../errors/authcanary-error';
import { expandReferences } from './expand';
import { formatConfigIssues } from './format-config-error';
import { toTargetConfig, type TargetConfig } from './target-config';
import { valueIssues } from './value-checks';
import { safeMessage } from './safe-message';
import { unknownKeyWarnings } from './known-keys';

export interface LoadTargetOptions {
  readonly envName: string;
  /** Folder holding `<name>.env` and the optional gitignored `<name>.local.env`. */
  readonly envDir: string;
  /** The process environment; its values win over the files (that is how CI injects secrets). */
  readonly processVariables: Readonly<Record<string, string | undefined>>;
  /**
   * Names that may be referenced before they exist (the embedded target's port before it has started):
   * a stand-in is used so the rest can be validated. The real run loads again once they are set.
   */
  readonly deferred?: readonly string[];
}

export interface LoadedTarget {
  readonly config: TargetConfig;
  /** All variables after merging, for the secret resolver. Contains secret values: never log it. */
  readonly variables: Readonly<Record<string, string | undefined>>;
}

const PROCESS = 'process environment';

/** What reading an environment found: the merged variables, and the config when every key is valid. */
export interface TargetInspection {
  /** The env file named by the environment, as shown to the user. */
  readonly mainFile: string;
  /** The files read, in order of precedence (lowest first), as shown to the user. */
  readonly files: readonly string[];
  /** All variables after merging. Contains secret values: never log it. */
  readonly variables: Readonly<Record<string, string | undefined>>;
  /** Every problem found (file, key, what is wrong), never a value. */
  readonly issues: readonly ConfigIssue[];
  /** Keys authcanary does not read, each with the nearest one it does: printed, never fatal. */
  readonly warnings: readonly ConfigIssue[];
  /** Undefined when there is any issue. */
  readonly config: TargetConfig | undefined;
}

/** Reads and validates one environment's description. Every problem is reported at once; values are never shown. */
export function loadTargetConfig(options: LoadTargetOptions): LoadedTarget {
  const inspection = inspectTargetConfig(options);
  if (inspection.config === undefined) throw invalidTargetError(inspection.mainFile, inspection.issues);
  return { config: inspection.config, variables: inspection.variables };
}

/** The error for an env with problems: one table, file and key per row, never a value. */
function invalidTargetError(mainFile: string, issues: readonly ConfigIssue[]): ConfigError {
  return new ConfigError(
    `${mainFile} is not a valid target description (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${formatConfigIssues(issues)}`,
    issues,
    'fix the keys listed (annotated example: env/staging.env.example); values are never printed',
  );
}

/**
 * Reads and validates without throwing for invalid keys, so a caller can add the problems it finds next (the secret
 * chain) to the same report. An environment whose file does not exist still throws.
 */
export function inspectTargetConfig(options: LoadTargetOptions): TargetInspection {
  const mainFile = join(options.envDir, `${options.envName}.env`);
  const localFile = join(options.envDir, `${options.envName}.local.env`);
  const shown = (file: string) => relative(process.cwd(), file) || file;
  if (!existsSync(mainFile)) {
    const available = listEnvNames(options.envDir);
    throw new ConfigError(
      `unknown environment "${options.envName}": ${shown(mainFile)} does not exist`,
      [{ file: shown(mainFile), key: '(file)', message: 'not found' }],
      available.length
        ? `available: ${available.join(', ')}; or copy env/staging.env.example to ${shown(mainFile)}`
        : `create ${shown(mainFile)} (see env/staging.env.example)`,
    );
  }

  const origin = new Map<string, string>();
  const fromFiles: Record<string, string> = {};
  const files = [mainFile, ...(existsSync(localFile) ? [localFile] : [])];
  const issues: ConfigIssue[] = [];
  for (const file of files) {
    const content = readEnvFile(file, shown(file));
    issues.push(...content.issues);
    for (const [key, value] of Object.entries(content.values)) {
      fromFiles[key] = value;
      origin.set(key, shown(file));
    }
  }
  if (issues.some((issue) => issue.key === '(file)'))
    throw new ConfigError(
      `${shown(mainFile)} cannot be read:\n${formatConfigIssues(issues)}`,
      issues,
      'point --env / AUTH_ENV at a readable env file (annotated example: env/staging.env.example)',
    );

  const stand = new Set(options.deferred ?? []);
  const lookup = (name: string) =>
    options.processVariables[name] ?? (stand.has(name) ? '0' : undefined) ?? fromFiles[name];
  const merged: Record<string, string | undefined> = { ...fromFiles };
  for (const [key, value] of Object.entries(fromFiles)) {
    if (options.processVariables[key] !== undefined) continue;
    const expansion = expandReferences(value, lookup);
    for (const name of expansion.missing)
      issues.push({
        file: origin.get(key) ?? shown(mainFile),
        key,
        message: `refers to \${${name}}, which is not set`,
      });
    merged[key] = expansion.value;
  }
  for (const [key, value] of Object.entries(options.processVariables)) {
    if (value === undefined) continue;
    merged[key] = value;
    origin.set(key, PROCESS);
  }

  // Values are checked before any is parsed: a NUL, a control character or an oversized value is named here, and
  // no parser gets the chance to quote it.
  const knownKeys = Object.keys(targetSchema.shape);
  const known = new Set(knownKeys);
  const chainNames = [merged['SECRET_CHAIN'], merged['SIGNING_KEY_CHAIN']].flatMap(
    (chain) => chain?.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [],
  );
  const own = (key: string) =>
    key in fromFiles || known.has(key) || chainNames.includes(key) || /SECRET|PASSWORD|TOKEN/.test(key);
  const badValues = valueIssues(merged, (key) => origin.get(key) ?? shown(mainFile), own);
  issues.push(...badValues);
  const bad = new Set(badValues.map((issue) => issue.key));
  const quoted = Object.entries(merged)
    .filter(([key]) => own(key))
    .map(([, value]) => value);

  const parsed = targetSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '(file)');
      if (bad.has(key)) continue;
      const missing = merged[key] === undefined;
      issues.push({
        file: origin.get(key) ?? shown(mainFile),
        key,
        message: missing ? 'required but not set' : safeMessage(issue.message, quoted),
      });
    }
  }
  const fileKeys = new Map(Object.keys(fromFiles).map((key) => [key, origin.get(key) ?? shown(mainFile)] as const));
  for (const key of Object.keys(options.processVariables)) fileKeys.delete(key);
  const warnings = unknownKeyWarnings(fileKeys, Object.keys(options.processVariables), knownKeys, chainNames);
  const shownFiles = files.map(shown);
  const valid = issues.length === 0 && parsed.success;
  return {
    mainFile: shown(mainFile),
    files: shownFiles,
    variables: Object.freeze(merged),
    issues,
    warnings,
    config: valid
      ? { ...toTargetConfig(options.envName, shownFiles, parsed.data, merged), envWarnings: warnings }
      : undefined,
  };
}

export function listEnvNames(envDir: string): string[] {
  if (!existsSync(envDir)) return [];
  return readdirSync(envDir)
    .filter((file) => file.endsWith('.env') && !file.endsWith('.local.env'))
    .map((file) => file.slice(0, -'.env'.length))
    .sort();
}
