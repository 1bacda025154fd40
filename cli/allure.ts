import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/env/paths';
import { dependencyPath } from './dependency-path';

/**
 * Generates the Allure HTML report from one or more results folders. With `historyFile`, Allure 3 reads and
 * appends its history there (a JSON-lines file kept outside the report, carried from run to run), which gives
 * the report its trend and per-test history.
 */
export async function generateAllure(options: {
  readonly resultsDirs: readonly string[];
  readonly outputDir: string;
  readonly name: string;
  readonly historyFile?: string | undefined;
}): Promise<number> {
  const configFile = join(dirname(options.outputDir), 'allurerc.json');
  mkdirSync(dirname(configFile), { recursive: true });
  if (options.historyFile) mkdirSync(dirname(options.historyFile), { recursive: true });
  writeFileSync(
    configFile,
    `${JSON.stringify({ name: options.name, output: options.outputDir, ...(options.historyFile ? { historyPath: options.historyFile, historyLimit: 30 } : {}) }, null, 2)}\n`,
  );
  const allureCli = dependencyPath('allure', 'cli.js');
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        allureCli,
        'generate',
        ...options.resultsDirs,
        '--config',
        configFile,
        '--output',
        options.outputDir,
        '--name',
        options.name,
      ],
      { stdio: 'ignore', cwd: PROJECT_ROOT },
    );
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
}
