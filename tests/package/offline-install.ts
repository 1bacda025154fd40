import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../helpers/env/paths';

/** The environment of a child npm/authcanary: the parent's, without what `npm test` itself exported (npm_*). */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.toLowerCase().startsWith('npm_') && name !== 'AUTH_ENV') env[name] = value;
  return { ...env, CI: '', FORCE_COLOR: '0', ...extra };
}

export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = cleanEnv()) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // What a reader of a terminal sees, without the colour codes.
  const plain = (text: string | null) => (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const stdout = plain(result.stdout);
  const stderr = plain(result.stderr);
  return { code: result.status, stdout, stderr, out: `${stdout}${stderr}` };
}

/** `npm pack` of the project into `dir`; returns the tarball's path and the files it holds. */
export function pack(dir: string): { tarball: string; files: string[] } {
  const packed = run('npm', ['pack', '--json', '--pack-destination', dir], PROJECT_ROOT);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.out}`);
  const [entry] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!entry) throw new Error('npm pack reported nothing');
  return { tarball: join(dir, entry.filename), files: entry.files.map((file) => file.path) };
}

/**
 * A new project depending on the tarball, installed with `npm ci --offline`: its lockfile is the runtime part of the
 * project's own (the dependencies' versions and integrity hashes), so every tarball comes from the machine's npm
 * cache and nothing from the network. Dev dependencies are not in it: a user's install does not get them.
 */
export function installOffline(app: string, tarball: string): { code: number | null; out: string } {
  const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; dependencies?: Record<string, string> } & Record<string, unknown>>;
  };
  const root = lock.packages[''] ?? {};
  const ownManifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'team-repo', devDependencies: { authcanary: spec } },
    'node_modules/authcanary': {
      version: ownManifest['version'],
      resolved: spec,
      dev: true,
      license: ownManifest['license'],
      dependencies: root.dependencies,
      bin: ownManifest['bin'],
      engines: ownManifest['engines'],
    },
  };
  for (const [path, entry] of Object.entries(lock.packages))
    if (path !== '' && !entry.dev) packages[path] = { ...entry, dev: true };
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'team-repo', private: true, devDependencies: { authcanary: spec } }, null, 2)}\n`,
  );
  writeFileSync(
    join(app, 'package-lock.json'),
    `${JSON.stringify({ name: 'team-repo', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  const installed = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], app);
  return { code: installed.code, out: installed.out };
}
