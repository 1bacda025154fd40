import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import type { Baseline } from '../../helpers/report/baseline';
import type { RunSummary } from '../../helpers/report/summary';
import { planKey } from '../../helpers/report/shard-plan';
import { planChecks } from '../../cli/shard-files';
import { startExpressStack, type ExpressStackFault } from '../support/stacks/express-jwt';
import { cliInProcess } from './support/cli-in-process';
import { cli as runCli } from './support/run-suite';

/**
 * A real library stack (Express 5 + jsonwebtoken 9 on loopback) whose declared contract is 401/422 and no
 * WWW-Authenticate, driven through the CLI as a team's nightly job would: healthy → passes; a new fault →
 * fails with only that finding new; an expired acknowledgment → fails; sharded outputs merged; the job summary
 * rendered from the real summary.json. The runs are subprocesses as in CI; merge, baseline and summary only read and
 * write files, so they are called in this process (cliInProcess).
 */
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const SECRET = randomBytes(32).toString('base64url');
const PASSWORD = randomBytes(12).toString('base64url');

interface Cli {
  readonly code: number;
  readonly stdout: string;
  readonly output: string;
}

async function cli(args: readonly string[], targetUrl = 'http://127.0.0.1:9'): Promise<Cli> {
  const env = {
    ...process.env,
    AUTHCANARY_ENV_DIR: join(PROJECT_ROOT, 'tests', 'support', 'stacks', 'env'),
    AUTH_ENV: 'express-422',
    TARGET_BASE_URL: targetUrl,
    JWT_SECRET_KEY: SECRET,
    TEST_USER_PASSWORD: PASSWORD,
    CI: '',
  };
  const run = await runCli([...args], env);
  return { code: run.exitCode, stdout: run.stdout, output: run.output };
}

async function withStack<T>(faults: ExpressStackFault[], use: (url: string) => Promise<T>): Promise<T> {
  const stack = await startExpressStack({
    secret: SECRET,
    issuer: 'https://auth.express.test',
    audience: 'express-api',
    users: { alice: { password: PASSWORD, role: 'user' } },
    faults,
  });
  try {
    return await use(stack.url);
  } finally {
    await stack.close();
  }
}

const readSummary = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
const statusOf = (summary: RunSummary) =>
  Object.fromEntries(
    (summary.findings ?? []).map((finding) => [finding.code, `${finding.severity}/${finding.status}`]),
  );

let healthyDir = '';
let baselineFile = '';
/** The ids of the checks the unsharded healthy run ran (the rest suite): each must run once over the shards. */
let healthyIds: string[] = [];

test('healthy by its declared contract (401/422, no WWW-Authenticate): passes; the no-exp warning is reported, not failed', async ({}, testInfo) => {
  healthyDir = testInfo.outputPath('healthy');
  const run = await withStack([], (url) =>
    cli(['run', '--no-allure', '--baseline', 'none', '--reports', healthyDir, '--', '--project', 'rest'], url),
  );
  expect(run.code, run.output).toBe(0);
  const summary = readSummary(healthyDir);
  healthyIds = summary.checks.map((check) => check.id);
  expect(summary.verdict).toBe('passed');
  // 422 answers and the missing challenge are the declared contract: not a finding on any check.
  expect(statusOf(summary)).toEqual({ AC_EXP_NOT_REQUIRED: 'warning/new' });
  const noCredentials = summary.checks.find((check) => check.title.endsWith('refuses: no-credentials'));
  const garbage = summary.checks.find((check) => check.title.endsWith('refuses: garbage'));
  expect([noCredentials?.status, garbage?.status]).toEqual(['passed', 'passed']);
  expect(run.stdout).toContain('authcanary PASSED env=express-422');
  expect(run.stdout).toContain('AC_EXP_NOT_REQUIRED (warning, new) ×1');

  // The same results fail when warnings count (re-judged by merge, no second run).
  const strict = await cliInProcess([
    'merge',
    healthyDir,
    '--out',
    testInfo.outputPath('strict'),
    '--fail-on',
    'warning',
    '--no-allure',
  ]);
  expect(strict.code, strict.output).toBe(1);

  baselineFile = testInfo.outputPath('authcanary-baseline.json');
  const recorded = await cliInProcess([
    'baseline',
    '--from',
    join(healthyDir, 'summary.json'),
    '--baseline',
    baselineFile,
    '--reason',
    'jsonwebtoken accepts tokens without exp; tracked in SEC-12',
  ]);
  expect(recorded.code, recorded.output).toBe(0);
  const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as Baseline;
  expect(baseline.findings.map((entry) => [entry.code, entry.reason])).toEqual([
    ['AC_EXP_NOT_REQUIRED', 'jsonwebtoken accepts tokens without exp; tracked in SEC-12'],
  ]);
});

test('a new fault, sharded by time (REST and browser suites): the browser files on both shards, every check once; only the new finding is new; shards merge into one summary, JUnit and Allure results', async ({}, testInfo) => {
  const shards = [testInfo.outputPath('shard-1'), testInfo.outputPath('shard-2')];
  // The shards run at once, as CI's matrix jobs do.
  const runs = await withStack(['expired-accepted'], (url) =>
    Promise.all(
      shards.map((dir, index) =>
        cli(
          [
            'run',
            '--no-allure',
            '--baseline',
            baselineFile,
            '--fail-on',
            'warning',
            '--shard',
            `${index + 1}/2`,
            '--reports',
            dir,
            '--',
            // The browser suite's checks skip here (the stack has no app page) after Chromium starts: cheap, and
            // its files still weigh most in the plan, as in a default run.
            '--project',
            'rest',
            'browser',
          ],
          url,
        ),
      ),
    ),
  );
  const perShard = shards.map(readSummary);
  expect(perShard.map((summary) => summary.shard)).toEqual(['1/2', '2/2']);
  // Each shard planned the whole run itself, from the committed weights, and both came to the same plan.
  runs.forEach((run, index) =>
    expect(run.stdout).toMatch(
      new RegExp(`shard ${index + 1}/2: \\d+ files, estimated [\\d.]+ s \\(plan from .*shard-weights\\.json\\)`),
    ),
  );
  expect(new Set(perShard.map((summary) => summary.shardPlan?.fingerprint)).size).toBe(1);
  // Split by time, the three browser files are not all on one shard (Playwright's count split put them together).
  const browserFiles = perShard.map(
    (summary) => summary.shardPlan?.files.filter((entry) => entry.project === 'browser').length ?? 0,
  );
  expect(
    browserFiles.every((count) => count > 0),
    `browser files per shard: ${browserFiles.join(', ')}`,
  ).toBe(true);
  expect(browserFiles[0]! + browserFiles[1]!).toBe(3);
  // Each shard ran exactly the files its plan gave it, each in its project.
  for (const shardSummary of perShard)
    expect(new Set(planChecks(shardSummary.checks).map(planKey))).toEqual(
      new Set(shardSummary.shardPlan?.files.map(planKey)),
    );
  const checksPerShard = perShard.map((summary) => summary.checks.length);
  expect(Math.min(...checksPerShard), 'both shards ran checks').toBeGreaterThan(0);
  expect(runs.some((run) => run.code === 1)).toBe(true);

  const merged = testInfo.outputPath('merged');
  const merge = await cliInProcess([
    'merge',
    ...shards,
    '--out',
    merged,
    '--baseline',
    baselineFile,
    '--fail-on',
    'warning',
    '--no-allure',
  ]);
  expect(merge.code, merge.output).toBe(1);
  const summary = readSummary(merged);
  expect(summary.checks).toHaveLength(checksPerShard[0]! + checksPerShard[1]!);
  // Every check exactly once: no id twice, the REST checks exactly those of the unsharded run, every browser file.
  const ids = summary.checks.map((check) => check.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(summary.checks.filter((check) => check.project === 'rest').map((check) => check.id)).toEqual(
    expect.arrayContaining(healthyIds),
  );
  expect(summary.checks.filter((check) => check.project === 'rest')).toHaveLength(healthyIds.length);
  const browserOnDisk = readdirSync(join(PROJECT_ROOT, 'tests', 'browser'))
    .filter((name) => name.endsWith('.spec.ts'))
    .map((name) => `browser browser/${name}`);
  expect(
    [...new Set(planChecks(summary.checks.filter((check) => check.project === 'browser')).map(planKey))].sort(),
  ).toEqual(browserOnDisk.sort());
  expect(summary.shardPlans?.map((plan) => plan.shard)).toEqual(['1/2', '2/2']);
  expect(merge.stdout).toMatch(
    / {2}shard 1\/2: \d+ files, estimated [\d.]+ s, checks took [\d.]+ s, run [\d.]+ s \(plan from /,
  );
  expect(statusOf(summary)).toEqual({ AC_INVALID_TOKEN_ACCEPTED: 'error/new', AC_EXP_NOT_REQUIRED: 'warning/known' });
  expect(
    summary.findings
      ?.filter((finding) => finding.status === 'new')
      .map((finding) => finding.places.map((place) => place.title)),
  ).toEqual([[expect.stringContaining('refuses: expired')]]);
  expect(merge.stdout).toContain('AC_INVALID_TOKEN_ACCEPTED (error, new) ×1; AC_EXP_NOT_REQUIRED (warning, known) ×1');

  // JUnit: every shard's test cases, counts summed.
  const junit = readFileSync(join(merged, 'junit.xml'), 'utf8');
  expect(junit.match(/<testcase\b/g)?.length).toBe(summary.checks.length);
  expect(junit).toContain(`tests="${summary.checks.length}"`);
  // Allure: each shard's result files, combined.
  const resultFiles = (dir: string) =>
    readdirSync(join(dir, 'allure-results')).filter((name) => name.endsWith('-result.json'));
  expect(resultFiles(merged).length).toBe(resultFiles(shards[0]!).length + resultFiles(shards[1]!).length);
  expect(resultFiles(merged).length).toBe(summary.checks.length);

  // The CI job summary and the webhook body, from this real summary.json.
  const markdown = await cliInProcess(['summary', '--from', join(merged, 'summary.json')]);
  expect(markdown.stdout).toMatch(/^## ❌ authcanary FAILED — env `express-422`/);
  expect(markdown.stdout).toContain('| 1 | `AC_INVALID_TOKEN_ACCEPTED` Invalid token accepted | error | **new** | 1 |');
  expect(markdown.stdout).toContain(
    '| 2 | `AC_EXP_NOT_REQUIRED` Token without exp accepted | warning | known (jsonwebtoken accepts tokens without exp; tracked in SEC-12) | 1 |',
  );
  const webhook = await cliInProcess(['summary', '--from', join(merged, 'summary.json'), '--format', 'webhook']);
  const body = JSON.parse(webhook.stdout) as { text: string };
  expect(body.text).toContain('AC_INVALID_TOKEN_ACCEPTED (error, new)');
  expect(body.text).not.toContain('AC_EXP_NOT_REQUIRED');
  const quiet = await cliInProcess(['summary', '--from', join(healthyDir, 'summary.json'), '--format', 'webhook']);
  expect(quiet.stdout).toBe('');
});

test('an acknowledgment past its date fails the run again', async ({}, testInfo) => {
  const expired = testInfo.outputPath('expired-baseline.json');
  const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as Baseline;
  writeFileSync(
    expired,
    JSON.stringify({ ...baseline, findings: baseline.findings.map((entry) => ({ ...entry, expires: '2020-01-31' })) }),
  );
  const out = testInfo.outputPath('rejudged');
  const run = await cliInProcess(['merge', healthyDir, '--out', out, '--baseline', expired, '--no-allure']);
  expect(run.code, run.output).toBe(1);
  const summary = readSummary(out);
  expect(statusOf(summary)).toEqual({ AC_EXP_NOT_REQUIRED: 'warning/expired' });
  expect(summary.verdictReasons).toEqual(['AC_EXP_NOT_REQUIRED: acknowledgment expired on 2020-01-31']);
  // With the date still ahead, the same results pass.
  writeFileSync(expired, JSON.stringify(baseline));
  expect((await cliInProcess(['merge', healthyDir, '--out', out, '--baseline', expired, '--no-allure'])).code).toBe(0);
});
