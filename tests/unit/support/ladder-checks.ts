import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { CATALOGUE } from '../../../helpers/diagnosis/catalogue';
import type { HttpClient } from '../../../helpers/http/http-client';
import type { TargetConfig } from '../../../helpers/env/target-config';
import { diagnosis } from '../../../helpers/diagnosis/diagnosis';
import type { LadderState } from '../../../helpers/diagnosis/ladder/ladder-state';
import type { LadderStep } from '../../../helpers/diagnosis/ladder/ladder-step';
import { LADDER_STEPS } from '../../../helpers/diagnosis/ladder/ladder-steps';
import { describeLadder, runLadder } from '../../../helpers/diagnosis/ladder/run-ladder';
import { readTokenTimes } from '../../../helpers/diagnosis/passive/token-times';
import { ProbeRunner } from '../../../helpers/diagnosis/probes/probe-runner';

/**
 * Checks of the ladder that need no target: the declared order and caps, the runner (needs, caps, stop, trace), the
 * probe runner's counting, the token-time reading. Each throws on failure. Run by the Playwright test
 * tests/unit/diagnosis-ladder-order.test.ts and by the mutation check (tests/mutation/ladder-check.ts).
 */

/** The ladder's steps and the most requests each may send, in order. */
export const EXPECTED_STEPS: readonly (readonly [name: string, spends: number, codes: number])[] = [
  ['server error (5xx, 429)', 2, 4],
  ["the API's logs", 0, 11],
  ["the API's deployed settings", 0, 3],
  ["the identity provider's keys", 0, 9],
  ['expired token', 0, 1],
  ['token encoding', 1, 1],
  ['keys the harness holds', 0, 0],
  ['valid control', 1, 0],
  ['the refused token itself', 1, 9],
  ['valid control by cookie', 1, 1],
  ['clock skew', 1, 1],
  ["the target's issued token", 10, 3],
  ['the login’s other tokens', 2, 1],
  ["the server's reason and the issued token's claims", 0, 4],
  ["the key chain's other candidates", Number.POSITIVE_INFINITY, 4],
  ['own token refused: claim variants', 5, 3],
  ['well-known and empty keys', Number.POSITIVE_INFINITY, 1],
  ['conclusion', 0, 4],
];

/**
 * What the steps of the key and claim chain and the conclusion need before they run. After 'the refused token itself'
 * (which ends the ladder when the control passes) 'control-refused' cannot change a run: the declaration is the proof.
 */
export const EXPECTED_NEEDS: Readonly<Record<string, readonly string[]>> = {
  'server error (5xx, 429)': ['server-error'],
  'token encoding': ['token'],
  "the target's issued token": ['control-refused', 'issued-token'],
  "the server's reason and the issued token's claims": ['control-refused'],
  "the key chain's other candidates": ['control-refused', 'hmac'],
  'own token refused: claim variants': ['control-refused', 'issued-token'],
  'well-known and empty keys': ['control-refused', 'hmac'],
  conclusion: ['control-refused'],
};

/** A probe runner whose client answers every request with `status` and counts them. */
function countingRunner(budget: number, status = 401): { runner: ProbeRunner; sent: () => number } {
  let sent = 0;
  const http = {
    send: async () => {
      sent++;
      return { status, header: () => undefined } as never;
    },
  } as unknown as HttpClient;
  const config = { tokenCookie: 'access_token' } as unknown as TargetConfig;
  return {
    runner: new ProbeRunner(http, config, { url: 'http://x/api', method: 'GET' }, budget, undefined, 401),
    sent: () => sent,
  };
}

/** A state with only what the runner reads (needs, probes, findings). */
function bareState(probes: ProbeRunner, status = 401): LadderState {
  const found: ReturnType<typeof diagnosis>[] = [];
  let stopped = false;
  return {
    status,
    probes,
    found,
    facts: {},
    evidence: {},
    notes: [],
    reserve: 0,
    hypotheses: [],
    config: { contract: { badTokenStatuses: [401] } },
    add: (entry: ReturnType<typeof diagnosis> | undefined) => {
      if (entry && !found.some((existing) => existing.code === entry.code)) found.push(entry);
    },
    stop: () => {
      stopped = true;
    },
    get stopped() {
      return stopped;
    },
  } as unknown as LadderState;
}

const step = (name: string, spends: number, run: LadderStep['run'], extra: Partial<LadderStep> = {}): LadderStep => ({
  name,
  needs: [],
  spends,
  codes: [],
  run,
  ...extra,
});

export const LADDER_CHECKS: Readonly<Record<string, () => void | Promise<void>>> = {
  'each step declares every code its source can give, and only catalogue codes': () => {
    const folder = new URL('../../../helpers/diagnosis/ladder/steps/', import.meta.url);
    const declared = new Set<string>(LADDER_STEPS.flatMap((entry) => entry.codes));
    for (const code of declared) ok(code in CATALOGUE, code);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
      const written = readFileSync(new URL(file, folder), 'utf8').match(/'AC_[A-Z0-9_]+'/g) ?? [];
      for (const code of written) ok(declared.has(code.slice(1, -1)), `${file}: ${code}`);
    }
    deepStrictEqual(
      Object.fromEntries(LADDER_STEPS.map((entry) => [entry.name, entry.codes.length])),
      Object.fromEntries(EXPECTED_STEPS.map(([name, , codes]) => [name, codes])),
    );
  },
  'the declared order and caps': () => {
    deepStrictEqual(
      LADDER_STEPS.map((entry) => [entry.name, entry.spends]),
      EXPECTED_STEPS.map(([name, spends]) => [name, spends]),
    );
    deepStrictEqual(LADDER_STEPS.find((entry) => entry.name === 'clock skew')?.needs, [
      'control-refused',
      'spare-budget',
    ]);
    deepStrictEqual(LADDER_STEPS.find((entry) => entry.name === 'valid control by cookie')?.needs, [
      'control-refused',
      'token-cookie',
      'spare-budget',
    ]);
    deepStrictEqual(LADDER_STEPS.find((entry) => entry.name === 'the refused token itself')?.needs, [
      'control-accepted',
    ]);
    for (const [name, needs] of Object.entries(EXPECTED_NEEDS))
      deepStrictEqual(LADDER_STEPS.find((entry) => entry.name === name)?.needs, needs, name);
  },
  'the runner caps a step at what it declares and records what it spent': async () => {
    const { runner, sent } = countingRunner(20);
    const greedy = step('greedy', 2, async (state) => {
      for (let i = 0; i < 5; i++) await state.probes.send(`probe ${i}`, 'x');
    });
    const after = step('after', 1, async (state) => void (await state.probes.send('after', 'x')));
    const report = await runLadder([greedy, after], bareState(runner));
    strictEqual(sent(), 3);
    deepStrictEqual(
      report.steps.map((trace) => [trace.step, trace.spent]),
      [
        ['greedy', 2],
        ['after', 1],
      ],
    );
    deepStrictEqual(
      report.probes.map((probe) => probe.status),
      [401, 401, 'skipped', 'skipped', 'skipped', 401],
    );
    strictEqual(report.requests, 3);
  },
  'the runner skips unmet needs, stops after stop(), and calls starved() only for a missing spare budget': async () => {
    const { runner } = countingRunner(1);
    const starved: string[] = [];
    const steps: LadderStep[] = [
      step('needs a server error', 0, () => void starved.push('ran'), { needs: ['server-error'] }),
      step('optional', 1, () => void starved.push('ran optional'), {
        needs: ['spare-budget'],
        starved: () => void starved.push('starved optional'),
      }),
      step('finds', 0, (state) => {
        state.add(diagnosis('AC_SECRET_MISMATCH', 'x'));
        state.add(diagnosis('AC_SECRET_MISMATCH', 'again'));
        state.stop();
      }),
      step('never', 0, () => void starved.push('ran never')),
    ];
    const state = bareState(runner);
    (state as { reserve: number }).reserve = 1;
    const report = await runLadder(steps, state);
    deepStrictEqual(starved, ['starved optional']);
    deepStrictEqual(
      report.diagnoses.map((entry) => entry.summary),
      ['x'],
    );
    deepStrictEqual(
      report.steps.map((trace) => [trace.step, trace.skipped ?? 'ran', trace.found]),
      [
        ['needs a server error', 'needs server-error', []],
        ['optional', 'needs spare-budget', []],
        ['finds', 'ran', ['AC_SECRET_MISMATCH']],
      ],
    );
    strictEqual((report.evidence as { probes: unknown[] }).probes.length, 0);
  },
  'the runner: starved() only when the spare budget is all that is missing': async () => {
    const { runner } = countingRunner(1);
    const calls: string[] = [];
    const state = bareState(runner);
    (state as { reserve: number }).reserve = 1;
    await runLadder(
      [
        step('needs an error and spare', 1, () => void calls.push('ran'), {
          needs: ['server-error', 'spare-budget'],
          starved: () => void calls.push('starved'),
        }),
      ],
      state,
    );
    deepStrictEqual(calls, []);
  },
  "the runner: a step's trace lists only the codes that step added": async () => {
    const { runner } = countingRunner(1);
    const report = await runLadder(
      [
        step('first', 0, (state) => state.add(diagnosis('AC_AUDIENCE_DRIFT', 'a'))),
        step('second', 0, (state) => state.add(diagnosis('AC_ISSUER_DRIFT', 'b'))),
      ],
      bareState(runner),
    );
    deepStrictEqual(
      report.steps.map((trace) => [trace.step, trace.found]),
      [
        ['first', ['AC_AUDIENCE_DRIFT']],
        ['second', ['AC_ISSUER_DRIFT']],
      ],
    );
  },
  "the runner lifts a step's cap when the step throws": async () => {
    const { runner } = countingRunner(5);
    const failing = step('throws', 1, async (state) => {
      await state.probes.send('one', 'x');
      throw new Error('step failed');
    });
    const error = await runLadder([failing], bareState(runner)).catch((thrown: unknown) => thrown);
    strictEqual((error as Error).message, 'step failed');
    strictEqual(runner.remaining, 4);
  },
  'the step list reads as one line per step': () => {
    const text = describeLadder(LADDER_STEPS);
    const lines = text.split('\n');
    strictEqual(lines.length, LADDER_STEPS.length);
    strictEqual(
      lines[0],
      ' 1. server error (5xx, 429) (needs server-error; spends ≤ 2) → AC_INFRA_RATE_LIMITED, AC_INFRA_5XX, AC_AUTH_COMPONENT_BROKEN, AC_INVALID_TOKEN_5XX',
    );
    strictEqual(lines[6], ' 7. keys the harness holds (needs nothing; spends ≤ 0) → facts only');
    ok(lines[14]?.includes('spends ≤ the rest'));
  },
  'the probe runner: budget, caps, spare': async () => {
    const { runner, sent } = countingRunner(3);
    strictEqual(runner.remaining, 3);
    ok(runner.spare(2));
    ok(!runner.spare(3));
    runner.capAt(1);
    strictEqual(runner.remaining, 1);
    await runner.send('a', 'x');
    ok(runner.exhausted);
    strictEqual(runner.remaining, 0);
    strictEqual(runner.budgetLeft, 2);
    ok(runner.spare(1));
    await runner.send('b', 'x');
    strictEqual(sent(), 1);
    runner.capAt(Number.POSITIVE_INFINITY);
    ok(!runner.exhausted);
    await runner.send('c', 'x');
    await runner.send('d', 'x');
    await runner.send('e', 'x');
    strictEqual(sent(), 3);
    strictEqual(runner.used, 3);
    ok(runner.exhausted);
    strictEqual(runner.budgetLeft, 0);
    runner.count('health', 200);
    strictEqual(runner.used, 4);
    strictEqual(runner.budgetLeft, 0);
    strictEqual(runner.remaining, 0);
  },
  "the token's times against two clocks": () => {
    const now = 1_800_000_000_000;
    const at = (seconds: number) => now / 1000 + seconds;
    const read = (payload: Record<string, unknown>, serverOffsetMs: number | undefined, leewayMs = 0) =>
      readTokenTimes(payload, {
        runnerMs: now,
        serverMs: serverOffsetMs === undefined ? undefined : now + serverOffsetMs,
        leewayMs,
      });
    strictEqual(read({ exp: at(-60) }, 0), 'expired');
    strictEqual(read({ exp: at(-60) }, undefined), 'expired');
    strictEqual(read({ exp: at(-60) }, -120_000), undefined);
    strictEqual(read({ exp: at(-60) }, 0, 61_000), undefined);
    strictEqual(read({ exp: at(20) }, 120_000), 'expired-by-server-clock');
    strictEqual(read({ exp: at(20) }, 21_000), undefined);
    strictEqual(read({ exp: at(20) }, 22_000), 'expired-by-server-clock');
    strictEqual(read({ exp: at(20) }, 120_000, 100_000), undefined);
    strictEqual(read({ exp: at(0) }, 0), undefined);
    strictEqual(read({ exp: at(20) }, undefined), undefined);
    strictEqual(read({ iat: at(120), exp: at(400) }, 0), 'issued-in-future');
    strictEqual(read({ nbf: at(120) }, 0), 'issued-in-future');
    strictEqual(read({ iat: at(120) }, 0, 119_000), undefined);
    strictEqual(read({ iat: at(1) }, 0), undefined);
    strictEqual(read({ iat: at(2) }, 0), 'issued-in-future');
    strictEqual(read({ iat: at(120) }, undefined), undefined);
    strictEqual(read({ iat: String(at(120)) }, 0), undefined);
    strictEqual(read({}, 0), undefined);
  },
};
