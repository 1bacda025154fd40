import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { groupFindings } from '../../helpers/report/findings';
import { renderFrontPage } from '../../helpers/report/front-page';
import { appendHistory, historyEntry, readHistory, seenSince, HISTORY_LIMIT } from '../../helpers/report/history';
import { renderJobSummary, renderWebhook } from '../../helpers/report/job-summary';
import { judge } from '../../helpers/report/judge';
import type { CheckSummary, RunSummary } from '../../helpers/report/summary';
import { splitProjects, withProjects } from '../../cli/suite-selection';

function summaryWith(checks: CheckSummary[], startedAt: string, known: string[] = []): RunSummary {
  const judgement = judge({
    findings: groupFindings(checks),
    baseline: {
      schema: 'authcanary/baseline/v1',
      findings: known.map((code) => ({ code, reason: 'accepted for now' })),
    },
    failOn: 'error',
    nowMs: Date.parse(startedAt),
    runnerFailed: false,
  });
  return {
    schema: 'authcanary/summary/v1',
    env: 'staging',
    target: { baseUrl: 'https://api.example.test', authUrl: 'https://api.example.test' },
    secret: null,
    startedAt,
    durationMs: 1234,
    verdict: judgement.verdict,
    totals: { passed: 3, failed: checks.filter((check) => check.status === 'failed').length, skipped: 0, flaky: 0 },
    diagnosisCounts: {},
    checks,
    findings: judgement.findings,
    fixed: judgement.fixed,
    failOn: 'error',
    baseline: 'authcanary-baseline.json',
    verdictReasons: judgement.reasons,
  };
}

const failed = (id: string, code: string, summary: string, project = 'rest'): CheckSummary => ({
  id,
  title: `check ${id}`,
  file: 'x.spec.ts',
  project,
  status: 'failed',
  durationMs: 1,
  diagnoses: [{ code, summary }],
});

const CHECKS = [
  failed('a', 'AC_WWW_AUTHENTICATE_MISSING', 'garbage: 401 without a challenge'),
  failed('b', 'AC_WWW_AUTHENTICATE_MISSING', 'expired: 401 without a challenge'),
  failed('c', 'AC_INVALID_TOKEN_5XX', 'answered 500 <script>alert(1)</script>'),
  { ...failed('d', 'AC_COOKIE_NOT_SET', ''), status: 'skipped' as const, diagnoses: [], project: 'cookies' },
];

test('front page: verdict first, root causes ranked with evidence and fix, suites, nothing unescaped', () => {
  const html = renderFrontPage(summaryWith(CHECKS, '2026-11-23T03:17:00Z'));
  const verdict = html.indexOf('FAILED');
  const first = html.indexOf('AC_INVALID_TOKEN_5XX');
  const second = html.indexOf('AC_WWW_AUTHENTICATE_MISSING</code>');
  expect(verdict).toBeGreaterThan(0);
  expect(verdict).toBeLessThan(first);
  expect(first).toBeLessThan(second);
  expect(html).toContain('2 checks');
  expect(html).toContain('<b>Fix:</b> Catch token validation errors');
  expect(html).toContain('answered 500 &lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).not.toContain('<script>');
  expect(html).toMatch(/<tr class="failed"><td>REST<\/td><td>failed/);
  expect(html).toMatch(/<tr class="did-not-run"><td>Cookies<\/td>/);
});

const planFile = (file: string, estimateMs: number) => ({
  project: 'rest',
  file,
  estimateMs,
  source: 'weights' as const,
});

test('front page: a shard shows its plan, a merged run each shard estimated beside what it took', () => {
  const plan = {
    shard: '1/2',
    source: 'cli/shard-weights.json',
    estimateMs: 13_000,
    files: [planFile('rest/a.spec.ts', 9_000), planFile('rest/b.spec.ts', 4_000)],
    shards: [
      { estimateMs: 13_000, files: 2 },
      { estimateMs: 14_500, files: 1 },
    ],
    fingerprint: 'f',
  };
  const shard = renderFrontPage({ ...summaryWith([], '2026-11-23T03:17:00Z'), shardPlan: plan });
  expect(shard).toContain('<h2>Shard 1/2</h2><p>2 files, estimated 13.0 s (plan from cli/shard-weights.json)');
  expect(shard).toContain("every shard's estimate: 13.0 s · 14.5 s");

  const merged = renderFrontPage({
    ...summaryWith([], '2026-11-23T03:17:00Z'),
    shardPlans: [
      { ...plan, checksMs: 12_400, durationMs: 21_000 },
      {
        ...plan,
        shard: '2/2',
        estimateMs: 14_500,
        files: [planFile('browser/c.spec.ts', 14_500)],
        checksMs: 20_100,
        durationMs: 29_000,
      },
    ],
  });
  expect(merged).toContain('<tr><td>1/2</td><td>2</td><td>13.0 s</td><td>12.4 s</td><td>21.0 s</td></tr>');
  expect(merged).toContain('<tr><td>2/2</td><td>1</td><td>14.5 s</td><td>20.1 s</td><td>29.0 s</td></tr>');
  expect(merged).not.toContain('<h2>Shard 1/2</h2>');
  expect(renderFrontPage(summaryWith([], '2026-11-23T03:17:00Z'))).not.toMatch(/<h2>Shards?\b/);
});

test('job summary: verdict line, one row per root cause with status, webhook only for new failures', () => {
  const summary = summaryWith(CHECKS, '2026-11-23T03:17:00Z', ['AC_WWW_AUTHENTICATE_MISSING']);
  const markdown = renderJobSummary(summary);
  expect(markdown.split('\n')[0]).toBe('## ❌ authcanary FAILED — env `staging`');
  expect(markdown).toContain('| 1 | `AC_INVALID_TOKEN_5XX` Invalid token answered with 5xx | error | **new** | 1 |');
  expect(markdown).toContain(
    '| 2 | `AC_WWW_AUTHENTICATE_MISSING` 401 without WWW-Authenticate | warning | known (accepted for now) | 2 |',
  );
  expect(renderWebhook(summary)?.text).toContain('AC_INVALID_TOKEN_5XX (error, new) on 1 check(s)');
  expect(renderWebhook(summaryWith(CHECKS.slice(0, 2), '2026-11-23T03:17:00Z'))).toBeUndefined();
});

test('history.json: codes per run, bounded, and since when a code has been seen without a break', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'authcanary-history-')), 'history.json');
  appendHistory(file, historyEntry(summaryWith(CHECKS.slice(2, 3), '2026-11-20T03:17:00Z'), 'deploy 41'));
  appendHistory(file, historyEntry(summaryWith(CHECKS.slice(0, 1), '2026-11-21T03:17:00Z'), 'deploy 42'));
  const history = appendHistory(file, historyEntry(summaryWith(CHECKS.slice(0, 3), '2026-11-22T03:17:00Z')));
  expect(history.runs.map((run) => run.codes)).toEqual([
    { AC_INVALID_TOKEN_5XX: 1 },
    { AC_WWW_AUTHENTICATE_MISSING: 1 },
    { AC_INVALID_TOKEN_5XX: 1, AC_WWW_AUTHENTICATE_MISSING: 2 },
  ]);
  expect(seenSince(history)).toEqual({
    AC_INVALID_TOKEN_5XX: '2026-11-22T03:17:00Z',
    AC_WWW_AUTHENTICATE_MISSING: '2026-11-21T03:17:00Z',
  });
  for (let index = 0; index < HISTORY_LIMIT + 5; index++)
    appendHistory(file, historyEntry(summaryWith([], '2026-11-23T03:17:00Z')));
  expect(readHistory(file).runs).toHaveLength(HISTORY_LIMIT);
});

test('suite selection reads --project as Playwright does, and rewrites it without swallowing file filters', () => {
  expect(splitProjects(['--project', 'rest', 'browser', '-g', 'x', '--project=cookies'])).toEqual({
    projects: ['rest', 'browser', 'cookies'],
    others: ['-g', 'x'],
  });
  expect(splitProjects(['tests/rest/routes.spec.ts']).projects).toEqual(['rest', 'websocket', 'cookies', 'browser']);
  expect(withProjects(['rest'], ['tests/rest/routes.spec.ts'])).toEqual([
    'tests/rest/routes.spec.ts',
    '--project=rest',
  ]);
});
