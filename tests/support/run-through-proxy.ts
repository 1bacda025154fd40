import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../helpers/report/summary';
import { startReference } from '../../reference/start';
import { startFaultProxy, type ProxyFault } from './fault-proxy';

export interface ProxiedRun {
  readonly exitCode: number;
  readonly seconds: number;
  readonly verdict: string | undefined;
  readonly kinds: Readonly<Record<string, number>>;
  readonly codes: readonly string[];
  readonly output: string;
  readonly summary: RunSummary | undefined;
}

/**
 * `authcanary run` as a user runs it, against the reference target (in this process, own random secret) behind the
 * fault proxy: env/local.env with TARGET_BASE_URL pointing at the proxy. Returns the exit code, the wall time and
 * what summary.json says.
 */
export async function runThroughProxy(
  root: string,
  fault: ProxyFault,
  options: { reportsDir: string; projects: readonly string[]; timeoutMs?: number },
): Promise<ProxiedRun> {
  const secret = randomBytes(32).toString('base64url');
  const shared = { APP_ENV: 'local', JWT_SECRET_LOCAL: secret };
  const target = await startReference({ env: { ...shared }, port: 0 });
  const proxy = await startFaultProxy(target.url, fault);
  rmSync(options.reportsDir, { recursive: true, force: true });
  const started = Date.now();
  try {
    const args = [
      join(root, 'bin', 'authcanary.js'),
      'run',
      '--no-allure',
      '--baseline',
      'none',
      '--reports',
      options.reportsDir,
      '--',
      ...options.projects.flatMap((project) => ['--project', project]),
    ];
    const env = {
      ...process.env,
      ...shared,
      AUTH_ENV: 'local',
      REFERENCE_PORT: String(target.port),
      REFERENCE_TARGET: 'none',
      TARGET_BASE_URL: proxy.url,
      CI: '',
    };
    const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve) => {
      const child = spawn(process.execPath, args, { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGINT'), options.timeoutMs) : undefined;
      child.on('exit', (code) => {
        if (timer) clearTimeout(timer);
        resolve({ exitCode: code ?? 1, output: text });
      });
    });
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const file = join(options.reportsDir, 'summary.json');
    const summary = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunSummary) : undefined;
    return {
      exitCode,
      seconds,
      verdict: summary?.verdict,
      kinds: summary?.kindCounts ?? {},
      codes: Object.keys(summary?.diagnosisCounts ?? {}),
      output,
      summary,
    };
  } finally {
    await proxy.close();
    await target.close();
  }
}
