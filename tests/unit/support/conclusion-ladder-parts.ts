import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { diagnosis } from '../../../helpers/diagnosis/diagnosis';
import type { TargetConfig } from '../../../helpers/env/target-config';
import { NEEDS, type Need } from '../../../helpers/diagnosis/ladder/ladder-step';
import { issuedTokenStep, ownTokenStep } from '../../../helpers/diagnosis/ladder/steps/issued-token';
import { harnessOf, heldKey, proof, refusedExchange, stage, type Scene } from './conclusion-scene';
import type { ProofRow } from './proof-row';

/**
 * Proofs of the parts of the ladder the conclusion stands on: what each declared need reads, the state every step
 * shares (the server's reason, the clock reading, findings once per code) and the issued-token steps' facts.
 */

/** Whether `need` holds on the state of `scene`. */
async function holds(need: Need, scene: Scene = {}): Promise<boolean> {
  const { state } = await stage(scene);
  return NEEDS[need](state);
}

const ACCESS = { from: 'access_token', kind: 'access' as const, token: 'a' };
const ID = { from: 'id_token', kind: 'id' as const, token: 'i' };

export const LADDER_PART_PROOFS: readonly ProofRow[] = [
  proof('each need reads its fact: the status, the tokens, the declared config, the control, the budget', async () => {
    const table: [Need, Scene, boolean][] = [
      ['refusal', { status: 401 }, true],
      ['refusal', { status: 403 }, true],
      ['refusal', { status: 200 }, false],
      ['refusal', { status: 500 }, false],
      ['refusal', { status: 422 }, false],
      ['server-error', { status: 500 }, true],
      ['server-error', { status: 429 }, true],
      ['server-error', { status: 499 }, false],
      ['token', {}, true],
      ['token', { token: null }, false],
      ['issued-token', { issued: 'opq_issued' }, true],
      ['issued-token', {}, false],
      ['oauth', {}, false],
      ['hmac', {}, true],
      ['hmac', { harness: 'no-mint' }, false],
      ['token-cookie', {}, true],
      ['token-cookie', { config: (config) => ({ ...config, tokenCookie: undefined }) }, false],
      ['control-accepted', { facts: { controlAccepted: true } }, true],
      ['control-accepted', { facts: { controlAccepted: false } }, false],
      ['control-accepted', {}, false],
      ['control-refused', { facts: { controlAccepted: false } }, true],
      ['control-refused', { facts: { controlAccepted: true } }, false],
      ['control-refused', {}, false],
      ['spare-budget', { budget: 20 }, true],
      ['spare-budget', { budget: 1 }, false],
      ['backend-logs', { harness: 'evidence' }, true],
      ['backend-logs', {}, false],
      ['deployed-config', { harness: 'evidence' }, true],
      ['deployed-config', {}, false],
      ['login-tokens', { loginTokens: [ID, ACCESS] }, true],
      ['login-tokens', { loginTokens: [ACCESS] }, false],
      ['login-tokens', {}, false],
    ];
    const wrong: string[] = [];
    for (const [need, scene, expected] of table)
      if ((await holds(need, scene)) !== expected) wrong.push(`${need} ${JSON.stringify(scene)} → ${!expected}`);
    deepStrictEqual(wrong, []);
  }),
  proof(
    'a status BAD_TOKEN_STATUS declares is a refusal, and 401 and 403 stay refusals when it omits them',
    async () => {
      const declaring = (statuses: number[]) => (config: TargetConfig) => ({
        ...config,
        contract: { ...config.contract, badTokenStatuses: statuses },
      });
      deepStrictEqual(
        [
          await holds('refusal', { status: 422, config: declaring([401, 422]) }),
          await holds('refusal', { status: 401, config: declaring([422]) }),
          await holds('refusal', { status: 403, config: declaring([422]) }),
        ],
        [true, true, true],
      );
    },
  ),
  proof('an OAuth provider declared (OAUTH_*) is what the provider-keys step needs', async () => {
    const oauth = await holds('oauth', { config: (config) => ({ ...config, oauth: {} as TargetConfig['oauth'] }) });
    strictEqual(oauth, true);
  }),
  proof("the server's reason: of two in the body, the one that names a cause", async () => {
    const { state } = await stage({ body: { message: 'Request rejected', error: 'jwt expired' } });
    deepStrictEqual(state.reason, { text: 'jwt expired', from: 'error' });
    strictEqual(state.cause, 'expired');
    strictEqual(state.evidence['serverReasonCause'], 'expired');
  }),
  proof(
    'the Date header is read against the time the refused request was sent, not the time of diagnosis',
    async () => {
      const sentAtMs = Date.now() - 600_000;
      const { state } = await stage({ sentAtMs, headers: { date: new Date(sentAtMs).toUTCString() } });
      const skew = state.evidence['skewSeconds'] as number;
      ok(Math.abs(skew) <= 2, `skew ${skew} s`);
    },
  ),
  proof('a fresh state has no notes and no findings; a finding is kept once per code, "none" is not one', async () => {
    const { state } = await stage({});
    deepStrictEqual(state.notes, []);
    deepStrictEqual(state.evidence['notes'], []);
    state.add(undefined);
    state.add(diagnosis('AC_SECRET_MISMATCH', 'first'));
    state.add(diagnosis('AC_SECRET_MISMATCH', 'again'));
    state.add(diagnosis('AC_AUDIENCE_DRIFT', 'other'));
    deepStrictEqual(
      state.found.map((entry) => [entry.code, entry.summary]),
      [
        ['AC_SECRET_MISMATCH', 'first'],
        ['AC_AUDIENCE_DRIFT', 'other'],
      ],
    );
    strictEqual(state.stopped, false);
    state.stop();
    strictEqual(state.stopped, true);
  }),
  proof(
    "the login's token accepted, its claims re-signed accepted, no claim differs: a note, and the ladder goes on",
    async () => {
      const { state, client } = await stage({ issued: await (await harnessOf()).mint(), answers: [200] });
      await issuedTokenStep.run(state);
      strictEqual(state.facts.issuedAccepted, true);
      strictEqual(state.evidence['issuedTokenAccepted'], 200);
      deepStrictEqual(state.notes, [
        "the API accepts the issued claims re-signed with the harness key and the harness's own",
      ]);
      deepStrictEqual(state.found, []);
      strictEqual(state.stopped, false);
      strictEqual(client.sent, 2);
    },
  ),
  proof(
    "the login's token accepted, its claims re-signed with the harness key refused: no note, no verdict",
    async () => {
      const { state, client } = await stage({ issued: await (await harnessOf()).mint(), answers: [200, 401] });
      await issuedTokenStep.run(state);
      strictEqual(state.facts.issuedAccepted, true);
      deepStrictEqual(state.notes, []);
      deepStrictEqual(state.found, []);
      strictEqual(state.stopped, false);
      strictEqual(client.sent, 2);
    },
  ),
  proof("no request left for the login's token: not sent, recorded as not accepted", async () => {
    const { state, client } = await stage({ issued: await (await harnessOf()).mint(), budget: 0, answers: [200] });
    await issuedTokenStep.run(state);
    strictEqual(client.sent, 0);
    strictEqual(state.facts.issuedExchange, undefined);
    strictEqual(state.facts.issuedAccepted, false);
    strictEqual(state.evidence['issuedTokenAccepted'], null);
  }),
  proof(
    'own token refused: the claim variants keep 4 requests of the budget for the weak keys (budget 6: 2 variants)',
    async () => {
      const { state, client } = await stage({
        issued: await (await harnessOf()).mint(),
        budget: 6,
        facts: { issuedHeldKey: await heldKey(), issuedAccepted: false, issuedExchange: refusedExchange(401) },
      });
      await ownTokenStep.run(state);
      strictEqual(client.sent, 2);
      deepStrictEqual(state.found, []);
      strictEqual(state.stopped, false);
    },
  ),
  proof(
    'the claim variants run only for a login token that was sent, refused and signed with a key the harness holds',
    async () => {
      const issued = await (await harnessOf()).mint();
      const held = await heldKey();
      const unsent = await stage({ issued, facts: { issuedHeldKey: held, issuedAccepted: false } });
      const accepted = await stage({
        issued,
        facts: { issuedHeldKey: held, issuedAccepted: true, issuedExchange: refusedExchange(200) },
      });
      const notHeld = await stage({ issued, facts: { issuedAccepted: false, issuedExchange: refusedExchange(401) } });
      for (const { state } of [unsent, accepted, notHeld]) await ownTokenStep.run(state);
      deepStrictEqual(
        [unsent, accepted, notHeld].map(({ client }) => client.sent),
        [0, 0, 0],
      );
    },
  ),
];
