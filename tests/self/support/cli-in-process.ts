import { main } from '../../../cli/main';

/**
 * The CLI's `main` called in this process, its output captured: for the commands that read and write files only
 * (merge, baseline, summary), where a subprocess adds a Node and transpiler start-up (≈ 1–3 s) and proves nothing
 * more. The spawned runs of the self-tests prove bin/authcanary.js itself.
 */
export async function cliInProcess(args: readonly string[]): Promise<{ code: number; stdout: string; output: string }> {
  let stdout = '';
  let output = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  const capture = (toStdout: boolean) =>
    ((chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      if (toStdout) stdout += text;
      output += text;
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(true);
  process.stderr.write = capture(false);
  try {
    const code = await main(args);
    return { code, stdout, output };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
