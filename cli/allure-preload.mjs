// Preloaded (`node --import`) before Allure's CLI by cli/allure.ts: loads the generator's modules while the tests
// still run, then waits for "go" on stdin (the results are complete). End of input without it: the run was cancelled,
// and the process ends without writing a report.
import { pathToFileURL } from 'node:url';

const allureCli = pathToFileURL(process.argv[1] ?? '');
await Promise.all([
  import(new URL('./dist/commands/index.js', allureCli).href),
  import('@allurereport/core'),
  import('@allurereport/plugin-awesome'),
  import('@allurereport/plugin-agent'),
]);
const go = await new Promise((resolve) => {
  let received = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    received += chunk;
    if (received.includes('\n')) resolve(received.startsWith('go'));
  });
  process.stdin.on('end', () => resolve(received.startsWith('go')));
});
process.stdin.destroy();
if (!go) process.exit(0);
