import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseArgs } from '../../cli/args';
import { mergeCommand } from '../../cli/commands/merge';
import { finishReports } from '../../cli/finish-reports';
import { reportError } from '../../cli/report-error';
import { groupFindings, skipReasons } from '../../helpers/report/findings';
import { judge } from '../../helpers/report/judge';
import { junitFromSummary } from '../../helpers/report/junit';
import type { CheckSummary, RunSummary } from '../../helpers/report/summary';

/** What the reports say must be so: shards complete, "fixed" only when checked, history per env, JUnit honest. */
const check = (id: string, project: string, status: CheckSummary['status'], codes: string[] = [], note?: string) =>
  ({
    id,
    title: `${project} check ${id}`,
    file: `tests/${project}/x.spec.ts`,
    project,
    status,
    durationMs: 10,
    diagnoses: codes.map((code) => ({ code, summary: `${code} seen` })),
    ...(note ? { note } : {}),
  }) satisfies CheckSummary;

function summary(checks: CheckSummary[], extra: Partial<RunSummary> = {}): RunSummary {
  const judgement = judge({ findings: groupFindings(checks), failOn: 'error', nowMs: 0, runnerFailed: false });
  return {
    schema: 'authcanary/summary/v1',
    env: 'staging',
    target: { baseUrl: 'https://api.example.test', authUrl: 'https://api.example.test' },
    secret: null,
    startedAt: '2026-12-04T08:00:00.000Z',
    durationMs: 1000,
    verdict: judgement.verdict,
    totals: { passed: checks.filter((item) => item.status === 'passed').length, failed: 0, skipped: 0, flaky: 0 },
    diagnosisCounts: {},
    checks,
    findings: judgement.findings,
    failOn: 'error',
    skipReasons: skipReasons(checks),
    ...extra,
  };
}

function shardDirs(shards: (string | undefined)[]): string[] {
  const root = mkdtempSync(join(tmpdir(), 'authcanary-shards-'));
  return shards.map((shard, index) => {
    const dir = join(root, `shard-${index}`);
    mkdirSync(dir);
    const checks = [check(`c${index}`, 'rest', 'passed')];
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary(checks, shard ? { shard } : {})));
    return dir;
  });
}

async function merge(dirs: string[], extra: string[] = []): Promise<{ code: number; out: string; outDir: string }> {
  const outDir = join(mkdtempSync(join(tmpdir(), 'authcanary-merged-')), 'out');
  const lines: string[] = [];
  const original = console.log;
  console.log = (...items: unknown[]) => void lines.push(items.map(String).join(' '));
  try {
    const args = parseArgs(['merge', ...dirs, '--out', outDir, '--no-allure', ...extra], {
      valued: ['out', 'baseline', 'fail-on', 'history'],
      boolean: ['no-allure', 'allow-partial'],
    });
    const code = await mergeCommand(args).catch((error: unknown) => reportError(error, (line) => lines.push(line)));
    return { code, out: lines.join('\n'), outDir };
  } finally {
    console.log = original;
  }
}

test('merge refuses a missing or repeated shard (exit 2 naming it) unless --allow-partial, and then says so', async () => {
  const missing = await merge(shardDirs(['1/3', '3/3']));
  expect(missing.code).toBe(2);
  expect(missing.out).toContain('shard 2/3 is missing');
  expect(existsSync(join(missing.outDir, 'summary.json'))).toBe(false);
  const twice = await merge(shardDirs(['1/2', '1/2', '2/2']));
  expect(twice.code).toBe(2);
  expect(twice.out).toMatch(/shard 1\/2 is given twice/);
  // Repeated shards are refused even with --allow-partial: counting a check twice is never "partial".
  expect((await merge(shardDirs(['1/2', '1/2', '2/2']), ['--allow-partial'])).code).toBe(2);
  expect((await merge(shardDirs(['1/2', undefined]))).out).toContain('is not a shard');

  const partial = await merge(shardDirs(['1/3', '3/3']), ['--allow-partial']);
  expect(partial.code).toBe(0);
  expect(partial.out).toContain('PARTIAL run: shard 2/3 is missing');
  const merged = JSON.parse(readFileSync(join(partial.outDir, 'summary.json'), 'utf8')) as RunSummary;
  expect(merged.partial).toBe('shard 2/3 is missing');
  expect(readFileSync(join(partial.outDir, 'index.html'), 'utf8')).toContain('PARTIAL RUN — shard 2/3 is missing');
  expect(readFileSync(join(partial.outDir, 'junit.xml'), 'utf8')).toContain(
    '<property name="authcanary.partial" value="shard 2/3 is missing"/>',
  );
  const complete = await merge(shardDirs(['1/2', '2/2']));
  expect(complete.code).toBe(0);
  // Every link of the merged front page leads to a file the merge wrote (no Allure: --no-allure, no HTML report).
  const page = readFileSync(join(complete.outDir, 'index.html'), 'utf8');
  for (const [, link] of page.matchAll(/href="([^"#:]+)"/g))
    expect(existsSync(join(complete.outDir, link as string)), link).toBe(true);
});

test('"fixed" only for baselined codes whose checks ran; the others are "not checked in this run"', () => {
  const baseline = {
    schema: 'authcanary/baseline/v1' as const,
    findings: [
      { code: 'AC_ISSUER_DRIFT', reason: 'tracked in OPS-2', projects: ['rest'] },
      { code: 'AC_SIGNUP_OPEN', reason: 'tracked in OPS-3', projects: ['rest'] },
      { code: 'AC_COOKIE_SAMESITE_LAX', reason: 'tracked in OPS-4', projects: ['browser'] },
      { code: 'AC_LEGACY', reason: 'recorded before projects were' },
    ],
  };
  // A browser-only run: the REST codes could not show, so they are not "fixed".
  const browserOnly = judge({
    findings: [],
    baseline,
    failOn: 'error',
    nowMs: 0,
    runnerFailed: false,
    ran: [check('b1', 'browser', 'passed'), check('r1', 'rest', 'skipped')],
  });
  expect(browserOnly.fixed.map((entry) => entry.code)).toEqual(['AC_COOKIE_SAMESITE_LAX']);
  expect(browserOnly.notExercised.map((entry) => entry.code)).toEqual([
    'AC_ISSUER_DRIFT',
    'AC_SIGNUP_OPEN',
    'AC_LEGACY',
  ]);
  const page = summary([check('b1', 'browser', 'passed')], {
    fixed: browserOnly.fixed,
    notExercised: browserOnly.notExercised,
  });
  const reports = mkdtempSync(join(tmpdir(), 'authcanary-page-'));
  finishReports(reports, page, join(reports, 'history'));
  const html = readFileSync(join(reports, 'index.html'), 'utf8');
  expect(html).toMatch(/Fixed since the baseline[^<]*: <code>AC_COOKIE_SAMESITE_LAX<\/code><\/p>/);
  expect(html).toMatch(/not checked in this run[^<]*: <code>AC_ISSUER_DRIFT<\/code>/);
});

test("history is per environment: the trend of one env never shows another env's runs", () => {
  const reports = mkdtempSync(join(tmpdir(), 'authcanary-history-'));
  const history = join(reports, 'history');
  const failing = summary([check('x', 'rest', 'failed', ['AC_SECRET_MISMATCH'])], { env: 'prod' });
  finishReports(reports, failing, history);
  finishReports(reports, summary([check('y', 'rest', 'passed')], { env: 'staging' }), history);
  const html = readFileSync(join(reports, 'index.html'), 'utf8');
  expect(html).toContain('Last 1 run');
  expect(html).not.toContain('AC_SECRET_MISMATCH');
});

test('skip reasons are listed, on the page and in the summary', () => {
  const checks = [
    check('a', 'cookies', 'skipped', [], 'the env declares no app page (APP_URL)'),
    check('b', 'cookies', 'skipped', [], 'the env declares no app page (APP_URL)'),
    check('c', 'rest', 'skipped', [], 'no REFRESH_PATH declared'),
    check('d', 'rest', 'passed'),
  ];
  const run = summary(checks);
  expect(run.skipReasons).toEqual([
    { reason: 'the env declares no app page (APP_URL)', checks: 2 },
    { reason: 'no REFRESH_PATH declared', checks: 1 },
  ]);
  const reports = mkdtempSync(join(tmpdir(), 'authcanary-skips-'));
  finishReports(reports, run, join(reports, 'history'));
  const html = readFileSync(join(reports, 'index.html'), 'utf8');
  expect(html).toContain('Skipped, and why');
  expect(html).toContain('the env declares no app page (APP_URL) <span class="muted">(2 checks)</span>');
});

test('JUnit: known and warning-only findings are not red; they carry a property a CI can read', () => {
  const checks = [
    check('new', 'rest', 'failed', ['AC_SECRET_MISMATCH']),
    check('known', 'rest', 'failed', ['AC_ISSUER_DRIFT']),
    check('warn', 'rest', 'failed', ['AC_WWW_AUTHENTICATE_MISSING']),
    check('ok', 'rest', 'passed'),
  ];
  const judgement = judge({
    findings: groupFindings(checks),
    baseline: { schema: 'authcanary/baseline/v1', findings: [{ code: 'AC_ISSUER_DRIFT', reason: 'tracked in OPS-2' }] },
    failOn: 'error',
    nowMs: 0,
    runnerFailed: false,
  });
  const xml = junitFromSummary(summary(checks, { findings: judgement.findings, verdict: 'failed' }));
  expect(xml.match(/<failure /g)?.length).toBe(1);
  expect(xml).toContain('type="AC_SECRET_MISMATCH"');
  expect(xml).toContain('<property name="authcanary.finding" value="AC_ISSUER_DRIFT error known"/>');
  expect(xml).toContain('<property name="authcanary.finding" value="AC_WWW_AUTHENTICATE_MISSING warning new"/>');
  expect(xml).toMatch(/<testsuites [^>]*failures="1"/);
  // With --fail-on warning the warning fails the run, so it is red too.
  const strict = junitFromSummary(
    summary(checks, { findings: judgement.findings, verdict: 'failed', failOn: 'warning' }),
  );
  expect(strict.match(/<failure /g)?.length).toBe(2);
});
