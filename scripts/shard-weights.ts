// Rewrites cli/shard-weights.json, the estimates `authcanary run --shard K/N` plans with when no previous run of its
// own is at hand, from the summary.json of a whole default run (every suite, unsharded or merged).
// Usage: npm run shard-weights <summary.json>   (node --import tsx scripts/shard-weights.ts <summary.json>)
// Exit 2 naming the file when it is not such a summary; the weights file is then left as it was.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isWholeRun, SHARD_WEIGHTS_FILE, shardWeightsFrom } from '../cli/shard-files';
import type { RunSummary } from '../helpers/report/summary';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run shard-weights <summary.json of a whole default run>');
  process.exit(2);
}
let summary: RunSummary;
try {
  summary = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
} catch (error) {
  console.error(`shard-weights: ${file}: cannot read a summary (${(error as Error).message})`);
  process.exit(2);
}
if (summary.schema !== 'authcanary/summary/v1' || !Array.isArray(summary.checks) || summary.checks.length === 0) {
  console.error(`shard-weights: ${file}: not an authcanary summary with checks (schema, checks)`);
  process.exit(2);
}
if (!isWholeRun(summary)) {
  console.error(
    `shard-weights: ${file}: covers part of a run only (shard, interrupted or partial): give a whole run's or a merge's`,
  );
  process.exit(2);
}
const weights = shardWeightsFrom(summary);
const temporary = `${SHARD_WEIGHTS_FILE}.${process.pid}.tmp`;
writeFileSync(temporary, `${JSON.stringify(weights, null, 2)}\n`);
renameSync(temporary, SHARD_WEIGHTS_FILE);
const seconds = Object.values(weights.files).reduce((sum, ms) => sum + ms, 0) / 1000;
console.log(`${SHARD_WEIGHTS_FILE}: ${Object.keys(weights.files).length} files, ${seconds.toFixed(1)} s of checks`);
