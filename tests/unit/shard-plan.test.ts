import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT, WORKSPACE_ROOT } from '../../helpers/env/paths';
import { AuthcanaryError } from '../../helpers/errors/authcanary-error';
import {
  estimateFiles,
  planFingerprint,
  planKey,
  planShards,
  shardPlanRecord,
  UNKNOWN_RUN_ESTIMATE_MS,
  type PlanFile,
  type ShardPlanRecord,
} from '../../helpers/report/shard-plan';
import { mergeSummaries, repeatedChecks, shardProblems } from '../../helpers/report/merge-summaries';
import { planLines } from '../../cli/commands/merge';
import { SUITE_PROJECTS } from '../../cli/suite-selection';
import { checkFilePath, type RunSummary } from '../../helpers/report/summary';
import {
  parseShard,
  planChecks,
  planFileOf,
  planShard,
  previousDurations,
  readShardWeights,
  runFiles,
  SHARD_DURATIONS_NAME,
  SHARD_WEIGHTS_FILE,
  writeShardDurations,
} from '../../cli/shard-files';

/** The time-based shard planner as tables: balance, determinism, every file once, unknown files, edge counts. */

const file = (project: string, path: string, estimateMs: number): PlanFile => ({
  project,
  file: path,
  estimateMs,
  source: 'weights',
});
const keys = (groups: ReturnType<typeof planShards>) => groups.map((group) => group.files.map(planKey));

/** The committed weights as plan entries: the default run's 19 files. */
function committedRun(): PlanFile[] {
  const weights = readShardWeights();
  return Object.entries(weights ?? {}).map(([key, ms]) => {
    const [project, path] = key.split(' ') as [string, string];
    return file(project, path, ms);
  });
}

/** Playwright's own --shard: the files in listed order cut into N runs of (nearly) equal test counts. */
function countBased(files: readonly { key: string; tests: number }[], total: number): string[][] {
  const all = files.reduce((sum, entry) => sum + entry.tests, 0);
  const groups: string[][] = Array.from({ length: total }, () => []);
  let seen = 0;
  for (const entry of files) {
    const index = Math.min(total - 1, Math.floor((seen * total) / all));
    groups[index]?.push(entry.key);
    seen += entry.tests;
  }
  return groups;
}

test('the default run in 2 shards: the browser files are spread and the shards are within 10% of each other', () => {
  const run = committedRun();
  expect(run.length).toBeGreaterThanOrEqual(19);
  const browser = run.filter((entry) => entry.project === 'browser').map(planKey);
  expect(browser).toHaveLength(3);
  const groups = planShards(run, 2);
  const browserPerShard = keys(groups).map((group) => group.filter((key) => browser.includes(key)).length);
  expect(
    browserPerShard.every((count) => count > 0),
    `browser files per shard: ${browserPerShard}`,
  ).toBe(true);
  const [a, b] = groups.map((group) => group.estimateMs) as [number, number];
  expect(Math.max(a, b) / Math.min(a, b)).toBeLessThan(1.1);

  // Playwright's count split of the same run (projects in config order, the browser suite last, 6 of ~100 tests)
  // puts every browser file on the second shard: the imbalance this planner exists for.
  const order = ['rest', 'websocket', 'cookies', 'browser'];
  const listed = [...run]
    .sort((x, y) => order.indexOf(x.project) - order.indexOf(y.project) || (x.file < y.file ? -1 : 1))
    .map((entry) => ({ key: planKey(entry), tests: entry.project === 'browser' ? 2 : 5 }));
  const byCount = countBased(listed, 2);
  expect(byCount[0]?.filter((key) => browser.includes(key))).toEqual([]);
  expect(byCount[1]?.filter((key) => browser.includes(key))).toHaveLength(3);
});

test('longest first, into the least loaded shard: exact groups for small tables', () => {
  const table: { files: [string, number][]; total: number; groups: string[][]; estimates: number[] }[] = [
    // 5 → A, 4 → B, 3 → B (7), 3 → A (8), 3 → B (10)
    {
      files: [
        ['a', 5],
        ['b', 4],
        ['c', 3],
        ['d', 3],
        ['e', 3],
      ],
      total: 2,
      groups: [
        ['rest a', 'rest d'],
        ['rest b', 'rest c', 'rest e'],
      ],
      estimates: [8, 10],
    },
    // One long file and many short ones: the long one alone, the short ones together.
    {
      files: [
        ['long', 100],
        ['s1', 10],
        ['s2', 10],
        ['s3', 10],
      ],
      total: 2,
      groups: [['rest long'], ['rest s1', 'rest s2', 'rest s3']],
      estimates: [100, 30],
    },
    // N = 1: everything in the one shard.
    {
      files: [
        ['x', 1],
        ['y', 2],
      ],
      total: 1,
      groups: [['rest x', 'rest y']],
      estimates: [3],
    },
    // More shards than files: one file each, the rest empty.
    {
      files: [
        ['x', 1],
        ['y', 2],
      ],
      total: 4,
      groups: [['rest y'], ['rest x'], [], []],
      estimates: [2, 1, 0, 0],
    },
    // No files at all: N empty shards.
    { files: [], total: 2, groups: [[], []], estimates: [0, 0] },
    // Every estimate zero: files ≥ shards still fills every shard (fewer files breaks the tie).
    {
      files: [
        ['p', 0],
        ['q', 0],
        ['r', 0],
      ],
      total: 3,
      groups: [['rest p'], ['rest q'], ['rest r']],
      estimates: [0, 0, 0],
    },
  ];
  for (const row of table) {
    const groups = planShards(
      row.files.map(([path, ms]) => file('rest', path, ms)),
      row.total,
    );
    expect(keys(groups), JSON.stringify(row.files)).toEqual(row.groups);
    expect(groups.map((group) => group.estimateMs)).toEqual(row.estimates);
  }
});

test('deterministic: any input order gives the same plan and fingerprint; equal estimates are ordered by path', () => {
  const run = committedRun();
  const reference = planShards(run, 3);
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 20; round++) {
    const shuffled = [...run].sort(() => random() - 0.5);
    expect(planShards(shuffled, 3)).toEqual(reference);
    expect(planFingerprint(planShards(shuffled, 3))).toBe(planFingerprint(reference));
  }
  // Ties: the same estimate everywhere, so the order is the paths'.
  const tied = ['d', 'b', 'a', 'c'].map((path) => file('rest', path, 5));
  expect(keys(planShards(tied, 2))).toEqual([
    ['rest a', 'rest c'],
    ['rest b', 'rest d'],
  ]);
  // A different assignment is a different fingerprint.
  expect(planFingerprint(planShards(run, 2))).not.toBe(planFingerprint(reference));
});

test('every file in exactly one shard, whatever the sizes and counts; a shard is empty only with fewer files', () => {
  let seed = 11;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 200; round++) {
    const count = Math.floor(random() * 25);
    const total = 1 + Math.floor(random() * 6);
    const files = Array.from({ length: count }, (_, index) =>
      file(
        index % 3 === 0 ? 'browser' : 'rest',
        `f${index % 9}-${Math.floor(index / 9)}.spec.ts`,
        Math.floor(random() * 5000),
      ),
    );
    const groups = planShards(files, total);
    expect(groups).toHaveLength(total);
    const placed = groups.flatMap((group) => group.files.map(planKey)).sort();
    expect(placed).toEqual(files.map(planKey).sort());
    const empty = groups.filter((group) => group.files.length === 0).length;
    expect(empty).toBe(Math.max(0, total - count));
    for (const group of groups)
      expect(group.estimateMs).toBe(group.files.reduce((sum, entry) => sum + entry.estimateMs, 0));
    // The LPT bound: no shard exceeds the ideal by more than the longest file.
    const longest = Math.max(0, ...files.map((entry) => entry.estimateMs));
    const ideal = files.reduce((sum, entry) => sum + entry.estimateMs, 0) / total;
    expect(Math.max(...groups.map((group) => group.estimateMs))).toBeLessThanOrEqual(ideal + longest);
  }
});

test('the same spec file in two projects is two entries: each placed once, possibly apart; a repeated pair is refused', () => {
  const groups = planShards([file('rest', 'shared.spec.ts', 10), file('user', 'shared.spec.ts', 10)], 2);
  expect(keys(groups)).toEqual([['rest shared.spec.ts'], ['user shared.spec.ts']]);
  expect(() => planShards([file('rest', 'a.spec.ts', 1), file('rest', 'a.spec.ts', 2)], 2)).toThrow(
    'rest a.spec.ts is listed twice',
  );
  expect(() => planShards([], 0)).toThrow('shard count must be a whole number ≥ 1');
});

test('estimates: the previous run first, then the weights; unknown files get the median; nothing known counts files', () => {
  const files = [
    { project: 'rest', file: 'a.spec.ts' },
    { project: 'rest', file: 'b.spec.ts' },
    { project: 'browser', file: 'c.spec.ts' },
    { project: 'user', file: 'mine.spec.ts' },
  ];
  const estimated = estimateFiles(files, {
    previousRun: { 'rest a.spec.ts': 300 },
    weights: { 'rest a.spec.ts': 999, 'rest b.spec.ts': 100, 'browser c.spec.ts': 6000 },
  });
  expect(estimated.map((entry) => [planKey(entry), entry.estimateMs, entry.source])).toEqual([
    ['rest a.spec.ts', 300, 'previous-run'],
    ['rest b.spec.ts', 100, 'weights'],
    ['browser c.spec.ts', 6000, 'weights'],
    // median of 300, 100, 6000
    ['user mine.spec.ts', 300, 'median'],
  ]);
  const even = estimateFiles(files.slice(0, 3).concat(files[3]!), {
    weights: { 'rest a.spec.ts': 100, 'rest b.spec.ts': 200 },
  });
  expect(even.map((entry) => entry.estimateMs)).toEqual([100, 200, 150, 150]);
  const none = estimateFiles(files, {});
  expect(none.map((entry) => entry.estimateMs)).toEqual(files.map(() => UNKNOWN_RUN_ESTIMATE_MS));
  expect(new Set(none.map((entry) => entry.source))).toEqual(new Set(['median']));
});

test('--shard K/N: 1 ≤ K ≤ N or a usage error (exit 2) that shows the flag', () => {
  expect(parseShard('1/2')).toEqual({ index: 1, total: 2 });
  expect(parseShard('3/3')).toEqual({ index: 3, total: 3 });
  for (const bad of ['0/2', '3/2', '1/0', '0/0', 'a/b', '1/2/3', '1', '-1/2', ' 1/2']) {
    let thrown: unknown;
    try {
      parseShard(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown, bad).toBeInstanceOf(AuthcanaryError);
    expect((thrown as AuthcanaryError).exitCode).toBe(2);
    expect((thrown as Error).message).toContain(`--shard ${bad}: expected K/N with 1 ≤ K ≤ N`);
  }
});

test('the weights file: the committed one is a measured default run; a broken one is exit 2 naming file and key', ({}, testInfo) => {
  const committed = JSON.parse(readFileSync(SHARD_WEIGHTS_FILE, 'utf8')) as {
    schema: string;
    measured: { checks: number };
    files: Record<string, number>;
  };
  expect(committed.schema).toBe('authcanary/shard-weights/v1');
  expect(committed.measured.checks).toBeGreaterThan(50);
  const browser = Object.entries(committed.files).filter(([key]) => key.startsWith('browser '));
  const total = Object.values(committed.files).reduce((sum, ms) => sum + ms, 0);
  // Measured, not made up: the browser suite is most of the run's time.
  expect(browser.reduce((sum, [, ms]) => sum + ms, 0) / total).toBeGreaterThan(0.5);

  const broken = testInfo.outputPath('weights.json');
  for (const content of ['{not json', JSON.stringify({ files: { 'rest a.spec.ts': 'slow' } }), '{}']) {
    writeFileSync(broken, content);
    let thrown: unknown;
    try {
      readShardWeights(broken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown, content).toBeInstanceOf(AuthcanaryError);
    expect((thrown as AuthcanaryError).exitCode).toBe(2);
    expect((thrown as Error).message).toContain(broken);
  }
  expect(readShardWeights(testInfo.outputPath('absent.json'))).toBeUndefined();
});

const summaryWith = (extra: Partial<RunSummary>): RunSummary =>
  ({
    schema: 'authcanary/summary/v1',
    startedAt: '2026-12-04T10:00:00.000Z',
    checks: [
      { project: 'rest', file: 'rest/a.spec.ts', durationMs: 40 },
      { project: 'rest', file: 'rest/a.spec.ts', durationMs: 60 },
      { project: 'browser', file: 'browser/b.spec.ts', durationMs: 5000 },
    ],
    ...extra,
  }) as unknown as RunSummary;

test('previous durations: the history folder (written by merge), else a whole run in the reports folder, never one shard', ({}, testInfo) => {
  const reports = testInfo.outputPath('reports');
  const history = testInfo.outputPath('history');
  mkdirSync(reports, { recursive: true });
  mkdirSync(history, { recursive: true });
  expect(previousDurations(reports, history)).toBeUndefined();

  writeFileSync(join(reports, 'summary.json'), JSON.stringify(summaryWith({ shard: '1/2' })));
  expect(previousDurations(reports, history), 'one shard covers part of the run').toBeUndefined();
  writeFileSync(join(reports, 'summary.json'), JSON.stringify(summaryWith({ interrupted: true })));
  expect(previousDurations(reports, history), 'an interrupted run').toBeUndefined();

  writeFileSync(join(reports, 'summary.json'), JSON.stringify(summaryWith({})));
  const whole = previousDurations(reports, history);
  expect(whole?.durations).toEqual({ 'rest rest/a.spec.ts': 100, 'browser browser/b.spec.ts': 5000 });
  expect(whole?.source).toContain('summary.json of 2026-12-04T10:00:00.000Z');

  // merge keeps the merged run's durations in the history folder: preferred (CI restores that folder).
  writeShardDurations(history, summaryWith({ shard: 'merged 1/2 + 2/2', startedAt: '2026-12-04T11:00:00.000Z' }));
  writeShardDurations(history, summaryWith({ shard: 'merged 1/2', partial: 'shard 2/2 is missing' }));
  const kept = previousDurations(reports, history);
  expect(kept?.source).toContain(SHARD_DURATIONS_NAME);
  expect(kept?.durations['browser browser/b.spec.ts']).toBe(5000);
});

test(
  'a shard becomes a Playwright test list; Playwright runs exactly its project-file pairs, even of a shared file',
  { tag: '@subprocess' },
  ({}, testInfo) => {
    // A throwaway Playwright project, two projects over the same folder: each file exists in both.
    const dir = testInfo.outputPath('pw');
    mkdirSync(join(dir, 'specs'), { recursive: true });
    writeFileSync(
      join(dir, 'pw.config.ts'),
      `import { defineConfig } from '@playwright/test';\nexport default defineConfig({ testDir: 'specs', reporter: 'json', projects: [{ name: 'one' }, { name: 'two' }] });\n`,
    );
    for (const name of ['x', 'y', 'z'])
      writeFileSync(
        join(dir, 'specs', `${name}.spec.ts`),
        `import { test } from '@playwright/test';\ntest('${name} a', () => {});\ntest('${name} b', () => {});\n`,
      );
    const files = ['x', 'y', 'z'].flatMap((name) => [
      { project: 'one', file: `${name}.spec.ts` },
      { project: 'two', file: `${name}.spec.ts` },
    ]);
    const weights = { 'one x.spec.ts': 900, 'two x.spec.ts': 800, 'one y.spec.ts': 100 };
    const ran: string[][] = [];
    for (const index of [1, 2]) {
      const tmp = testInfo.outputPath(`tmp-${index}`);
      mkdirSync(tmp, { recursive: true });
      const planned = planShard({ index, total: 2 }, files, { measured: undefined, weights }, tmp);
      expect(planned.line).toMatch(
        new RegExp(
          `^shard ${index}/2: 3 files, estimated [\\d.]+ s \\(plan from .*shard-weights.json, the median for 3 unknown file\\(s\\)\\)$`,
        ),
      );
      const result = spawnSync(
        process.execPath,
        [
          join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
          'test',
          '--config',
          'pw.config.ts',
          ...planned.playwrightArgs,
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      const report = JSON.parse(result.stdout) as {
        suites: { file: string; specs: { tests: { projectName: string; status: string }[] }[] }[];
      };
      const pairs = report.suites.flatMap((suite) =>
        suite.specs.flatMap((spec) => spec.tests.map((entry) => `${entry.projectName} ${suite.file}`)),
      );
      ran.push([...new Set(pairs)].sort());
      // Each pair's two tests, both run.
      expect(pairs.length).toBe(2 * planned.record.files.length);
      expect(ran.at(-1)).toEqual(planned.record.files.map(planKey).sort());
    }
    // x in project one and x in project two went to different shards; together the shards ran every pair once.
    expect(ran.flat().sort()).toEqual(files.map(planKey).sort());
    expect(ran.map((pairs) => pairs.filter((pair) => pair.endsWith(' x.spec.ts')).length)).toEqual([1, 1]);
  },
);

test('merge: shards that planned differently are a problem (never accepted as partial); the merged summary keeps each plan', () => {
  const run = committedRun();
  const agreed = shardPlanRecord(planShards(run, 2), 1, 'cli/shard-weights.json');
  const other = shardPlanRecord(planShards(run.slice(1), 2), 2, 'reports/summary.json of 2026-12-04T10:00:00.000Z');
  expect(
    shardProblems([
      { dir: '/r/1', shard: '1/2', plan: agreed.fingerprint },
      { dir: '/r/2', shard: '2/2', plan: agreed.fingerprint },
    ]),
  ).toEqual([]);
  const problems = shardProblems([
    { dir: '/r/1', shard: '1/2', plan: agreed.fingerprint },
    { dir: '/r/2', shard: '2/2', plan: other.fingerprint },
  ]);
  expect(problems).toEqual([
    `the shards were planned differently (plan ${agreed.fingerprint}: 1/2 (/r/1); plan ${other.fingerprint}: 2/2 (/r/2)): files may have run twice or not at all`,
  ]);
  // Count-based shards (no plan) are judged as before; mixed with time-planned ones, they are a problem.
  expect(shardProblems([{ dir: '/r/1', shard: '1/2' }])).toEqual(['shard 2/2 is missing']);
  expect(
    shardProblems([
      { dir: '/r/1', shard: '1/2', plan: agreed.fingerprint },
      { dir: '/r/2', shard: '2/2' },
    ]),
  ).toEqual(['2/2 (/r/2) split by count, the others by time: files may have run twice or not at all']);
  // Whatever the plans say, a check that two shards ran is named.
  const check = (id: string) => ({ id, project: 'rest', title: `check ${id}` });
  expect(
    repeatedChecks([
      { dir: '/r/1', checks: [check('a'), check('b')] },
      { dir: '/r/2', checks: [check('c')] },
    ]),
  ).toEqual([]);
  expect(
    repeatedChecks([
      { dir: '/r/1', checks: [check('a'), check('b')] },
      { dir: '/r/2', checks: [check('b'), check('a'), check('c')] },
    ]),
  ).toEqual(['2 check(s) ran in more than one shard (e.g. [rest] check a in /r/1 and /r/2)']);

  const shard = (record: ShardPlanRecord, durationMs: number) =>
    ({
      ...summaryWith({ shard: record.shard, shardPlan: record, durationMs }),
      env: 'local',
      totals: { passed: 3, failed: 0, skipped: 0, flaky: 0 },
      diagnosisCounts: {},
    }) as RunSummary;
  const second = shardPlanRecord(planShards(run, 2), 2, 'cli/shard-weights.json');
  const merged = mergeSummaries([shard(agreed, 12_000), shard(second, 13_000)], { failOn: 'error', nowMs: 0 });
  expect(merged.shard).toBe('merged 1/2 + 2/2');
  expect(merged.shardPlans?.map((plan) => [plan.shard, plan.files.length, plan.checksMs, plan.durationMs])).toEqual([
    ['1/2', agreed.files.length, 5100, 12_000],
    ['2/2', second.files.length, 5100, 13_000],
  ]);
  expect(planLines(merged)[0]).toBe(
    `  shard 1/2: ${agreed.files.length} files, estimated ${(agreed.estimateMs / 1000).toFixed(1)} s, checks took 5.1 s, run 12.0 s (plan from cli/shard-weights.json)`,
  );
});

test(
  "the run's files read from the project folders are exactly the pairs Playwright lists (team specs included)",
  { tag: '@subprocess' },
  ({}, testInfo) => {
    // A team's own specs, nested, beside a helper that is not a spec.
    const user = testInfo.outputPath('team-specs');
    mkdirSync(join(user, 'nested'), { recursive: true });
    writeFileSync(
      join(user, 'nested', 'mine.spec.ts'),
      `import { test } from '@playwright/test';\ntest('mine', () => {});\n`,
    );
    writeFileSync(join(user, 'helper.ts'), 'export const helper = 1;\n');
    const userTestsDir = relative(PROJECT_ROOT, user);
    const listed = spawnSync(
      process.execPath,
      [
        join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
        'test',
        '--config',
        'playwright.config.ts',
        '--list',
        '--reporter=json',
      ],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, AUTH_ENV: 'local', USER_TESTS_DIR: userTestsDir, CI: '' },
      },
    );
    interface Suite {
      specs?: { file: string; tests: { projectName: string }[] }[];
      suites?: Suite[];
    }
    const pairs = new Set<string>();
    const walk = (suite: Suite): void => {
      for (const spec of suite.specs ?? [])
        for (const entry of spec.tests) pairs.add(`${entry.projectName} ${spec.file}`);
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of (JSON.parse(listed.stdout) as { suites: Suite[] }).suites) walk(suite);
    const read = runFiles([...SUITE_PROJECTS, 'user'], userTestsDir).map(planKey);
    expect(read.sort()).toEqual([...pairs].sort());
    expect(read.filter((key) => key.startsWith('user '))).toEqual([
      `user ${relative(join(PROJECT_ROOT, 'tests'), join(user, 'nested', 'mine.spec.ts'))}`,
    ]);
    // --project narrows it; an unknown project lists nothing (Playwright refuses it at run time).
    expect(runFiles(['browser'], undefined).map(planKey)).toEqual(
      [...pairs].filter((key) => key.startsWith('browser ')).sort(),
    );
    expect(runFiles(['nope', 'user'], undefined)).toEqual([]);
  },
);

test(
  'authcanary run --shard with a bad K/N: exit 2 before anything runs, the flag named, no reports folder',
  { tag: '@subprocess' },
  ({}, testInfo) => {
    const reports = testInfo.outputPath('reports');
    const run = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'bin', 'authcanary.js'), 'run', '--shard', '3/2', '--reports', reports],
      { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, AUTH_ENV: 'local', CI: '' } },
    );
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain('authcanary: ERR_USAGE: --shard 3/2: expected K/N with 1 ≤ K ≤ N, e.g. 1/2');
    expect(run.stderr).toContain('hint: write --shard 1/2');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(reports)).toBe(false);
  },
);

test("a summary's check files (shown from the package or the team's repository) key the same plan entries as the run's files", ({}, testInfo) => {
  const user = testInfo.outputPath('team-specs');
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'mine.spec.ts'), '');
  const files = runFiles([...SUITE_PROJECTS, 'user'], relative(WORKSPACE_ROOT, user));
  expect(files.length).toBeGreaterThan(SUITE_PROJECTS.length);
  const roots = { packageRoot: PROJECT_ROOT, workspaceRoot: WORKSPACE_ROOT };
  const shown = files.map((entry) => ({
    ...entry,
    file: checkFilePath(join(PROJECT_ROOT, 'tests', entry.file), roots),
  }));
  // What the summary shows differs from the plan's form (tests/rest/… against rest/…), and maps back to it.
  expect(shown.find((entry) => entry.project === 'rest')?.file).toMatch(/^tests\/rest\//);
  expect(planChecks(shown)).toEqual(files);
  // A path under neither root (an older summary's rootDir-relative file) is kept as it is.
  expect(planFileOf('rest/not-a-file.spec.ts')).toBe('rest/not-a-file.spec.ts');
});
