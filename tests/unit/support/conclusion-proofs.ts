import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { opaqueTokenShape } from '../../../helpers/token/decode-token';
import type { LadderState } from '../../../helpers/diagnosis/ladder/ladder-state';
import { conclusionStep } from '../../../helpers/diagnosis/ladder/steps/conclusion';
import { LADDER_PART_PROOFS } from './conclusion-ladder-parts';
import { harnessOf, heldKey, proof, refusedExchange, stage, type Scene } from './conclusion-scene';
import type { ProofRow } from './proof-row';

/**
 * Proofs of the ladder's conclusion (what a user reads when no earlier step named a cause), one per combination of
 * facts it tells apart: the code, the summary word for word, the candidates still open and the evidence. Then the
 * proofs of the ladder's parts the conclusion stands on (needs, state, the issued-token steps).
 */

const TYPE = 'it wants another token type than the one sent (the access token where the ID token went, or the reverse)';
const POLICY =
  'its claim policy (issuer, audience or client id, token_use) differs from its auth service’s beyond the variants tried';
const VERIFIER = 'its verifier is not initialised (JWT library or key not loaded)';
const OTHER_KEY = 'its verifier reads another key than the one it signs with (rotation, a second key store)';
const NO_MINT_KEY = 'it verifies with another key than its login signs with';

/** What would decide each candidate: the deployed settings and logs, declared or read. */
const TYPE_UNDECLARED = ' (TARGET_CONFIG_* with token_use would tell)';
const TYPE_READ = ' (its deployed settings were read: token_use agrees)';
const POLICY_UNDECLARED = ' (TARGET_CONFIG_* would tell)';
const POLICY_READ = ' (its deployed settings agree where mapped)';
const LOGS_UNDECLARED = ' (TARGET_LOG_COMMAND / TARGET_LOG_FILE would tell)';
const LOGS_READ = ' (its logs were read: no line named it)';

const numbered = (open: readonly string[]) => open.map((text, index) => `${index + 1}. ${text}`).join('; ');

/** Runs the conclusion on a staged state: what it found and the notes it left. */
async function conclude(scene: Scene): Promise<LadderState> {
  const { state } = await stage(scene);
  await conclusionStep.run(state);
  return state;
}

const codes = (state: LadderState) => state.found.map((entry) => entry.code);

/** The login's JWT as the target would issue it (claims as the harness makes them). */
const loginJwt = async () => (await harnessOf()).mint();
const OPAQUE = 'opq_5d0c7e3a9b1f4a2e8c6d0b7a9e3f1c5d';

const HOLDS_KEY_NOTE = (source: string) =>
  `a key the harness holds (${source}) verifies the token, so the secret is not the cause; no probe named another`;

const CONCLUSION_STEP_PROOFS: readonly ProofRow[] = [
  proof('own token refused, nothing declared: three candidates in order, each with what would decide it', async () => {
    const held = await heldKey();
    const state = await conclude({
      issued: await loginJwt(),
      headers: { 'www-authenticate': 'Bearer realm="api"' },
      facts: { issuedHeldKey: held, issuedAccepted: false, issuedExchange: refusedExchange(401) },
    });
    const open = [TYPE + TYPE_UNDECLARED, POLICY + POLICY_UNDECLARED, VERIFIER + LOGS_UNDECLARED];
    deepStrictEqual(codes(state), ['AC_API_REFUSES_OWN_TOKENS']);
    strictEqual(
      state.found[0]?.summary,
      `the API refuses the token its own auth service just issued (signed with ${held.source} ${held.fingerprint}, a key the harness holds) and every probe; still open, in order: ${numbered(open)}`,
    );
    deepStrictEqual(state.found[0]?.evidence, {
      probes: 0,
      serverReason: null,
      candidates: open,
      sameKeyVerifiedBy: null,
    });
    deepStrictEqual(state.notes, []);
  }),
  proof(
    'own token refused, logs and deployed settings read, the server says its JWT library is not loaded: that first',
    async () => {
      const held = await heldKey();
      const state = await conclude({
        harness: 'evidence',
        issued: await loginJwt(),
        body: { message: 'JWT library not available' },
        facts: { issuedHeldKey: held, issuedAccepted: false, issuedExchange: refusedExchange(401) },
      });
      const open = [VERIFIER + LOGS_READ, TYPE + TYPE_READ, POLICY + POLICY_READ];
      deepStrictEqual(codes(state), ['AC_API_REFUSES_OWN_TOKENS']);
      strictEqual(
        state.found[0]?.summary,
        `the API refuses the token its own auth service just issued (signed with ${held.source} ${held.fingerprint}, a key the harness holds) and every probe (server: "JWT library not available"); still open, in order: ${numbered(open)}`,
      );
      deepStrictEqual(state.found[0]?.evidence, {
        probes: 0,
        serverReason: { text: 'JWT library not available', from: 'message' },
        candidates: open,
        sameKeyVerifiedBy: null,
      });
    },
  ),
  proof(
    'own token refused while another route verified it with the same key: the verifier reads another key, its loading is no candidate',
    async () => {
      const state = await conclude({
        issued: await loginJwt(),
        body: { message: 'JWT library not available' },
        sameKeyVerifiedBy: 'POST /api/v1/auth/refresh',
        facts: { issuedHeldKey: await heldKey(), issuedAccepted: false, issuedExchange: refusedExchange(401) },
      });
      deepStrictEqual(codes(state), ['AC_API_REFUSES_OWN_TOKENS']);
      deepStrictEqual(state.found[0]?.evidence['candidates'], [
        TYPE + TYPE_UNDECLARED,
        POLICY + POLICY_UNDECLARED,
        OTHER_KEY + LOGS_UNDECLARED,
      ]);
      strictEqual(state.found[0]?.evidence['sameKeyVerifiedBy'], 'POST /api/v1/auth/refresh');
    },
  ),
  proof("no-mint mode: the login's token refused, four candidates, the last one the login's key", async () => {
    const issued = await loginJwt();
    const state = await conclude({
      harness: 'no-mint',
      token: issued,
      tokenOrigin: 'target',
      issued,
      body: { detail: 'Signature verification failed' },
      facts: { issuedAccepted: false, issuedExchange: refusedExchange(401) },
    });
    const open = [
      TYPE + TYPE_UNDECLARED,
      POLICY + POLICY_UNDECLARED,
      VERIFIER + LOGS_UNDECLARED,
      NO_MINT_KEY + LOGS_UNDECLARED,
    ];
    deepStrictEqual(codes(state), ['AC_API_REFUSES_OWN_TOKENS']);
    strictEqual(
      state.found[0]?.summary,
      `the API refuses the token its own login just issued (the harness holds no key: no-mint mode) (server: "Signature verification failed"); still open, in order: ${numbered(open)}`,
    );
    deepStrictEqual(state.found[0]?.evidence, {
      probes: 0,
      serverReason: { text: 'Signature verification failed', from: 'detail' },
      candidates: open,
    });
  }),
  proof(
    "no-mint mode, the login's token accepted and a given token refused: the keys differ, not the login",
    async () => {
      const { secrets } = await harnessOf('no-mint');
      const state = await conclude({
        harness: 'no-mint',
        tokenOrigin: 'given',
        issued: await loginJwt(),
        facts: { issuedAccepted: true, issuedExchange: refusedExchange(200) },
      });
      deepStrictEqual(codes(state), ['AC_SIGNING_KEY_MISMATCH']);
      strictEqual(
        state.found[0]?.summary,
        `the target accepts the tokens it issues but not the harness's: it signs with a key other than ${secrets.source} (${secrets.fingerprint})`,
      );
    },
  ),
  proof(
    'a token the login issued (origin target), verified by a key the harness holds: no verdict, the note says why',
    async () => {
      const held = await heldKey();
      const state = await conclude({ tokenOrigin: 'target', facts: { refusedHeldKey: held } });
      deepStrictEqual(codes(state), []);
      deepStrictEqual(state.notes, [HOLDS_KEY_NOTE(held.source)]);
    },
  ),
  proof(
    "the harness's own token verifies with its own key, which proves nothing: no key the harness knows is accepted",
    async () => {
      const { secrets } = await harnessOf();
      const state = await conclude({
        headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="invalid signature"' },
        facts: { refusedHeldKey: await heldKey() },
      });
      deepStrictEqual(codes(state), ['AC_SECRET_MISMATCH']);
      strictEqual(
        state.found[0]?.summary,
        `no key the harness knows is accepted; the harness resolved ${secrets.source} (${secrets.fingerprint}) (server: "invalid signature")`,
      );
      deepStrictEqual(state.found[0]?.evidence, {
        harness: secrets.fingerprint,
        serverReason: { text: 'invalid signature', from: 'www-authenticate' },
      });
      deepStrictEqual(state.notes, []);
    },
  ),
  proof('no token sent, no login, no reason given: no key the harness knows, nothing quoted', async () => {
    const { secrets } = await harnessOf();
    const state = await conclude({ token: null, headers: { 'www-authenticate': 'Bearer' } });
    deepStrictEqual(codes(state), ['AC_SECRET_MISMATCH']);
    strictEqual(
      state.found[0]?.summary,
      `no key the harness knows is accepted; the harness resolved ${secrets.source} (${secrets.fingerprint})`,
    );
    deepStrictEqual(state.found[0]?.evidence, { harness: secrets.fingerprint, serverReason: null });
  }),
  proof(
    "the login's token accepted and signed with a key the harness holds: no verdict, the note says why",
    async () => {
      const held = await heldKey();
      const state = await conclude({
        issued: await loginJwt(),
        facts: { issuedHeldKey: held, issuedAccepted: true, issuedExchange: refusedExchange(200) },
      });
      deepStrictEqual(codes(state), []);
      deepStrictEqual(state.notes, [HOLDS_KEY_NOTE(held.source)]);
    },
  ),
  proof("the login's JWT accepted, signed with no key the harness holds: its key differs", async () => {
    const { secrets } = await harnessOf();
    const state = await conclude({
      issued: await loginJwt(),
      facts: { issuedAccepted: true, issuedExchange: refusedExchange(200) },
    });
    deepStrictEqual(codes(state), ['AC_SECRET_MISMATCH']);
    strictEqual(
      state.found[0]?.summary,
      `the target accepts the tokens it issues but not the harness's: it signs with a key other than ${secrets.source} (${secrets.fingerprint})`,
    );
    deepStrictEqual(state.found[0]?.evidence, {
      harness: secrets.fingerprint,
      issuedTokenVerifiesWithHarnessSecret: false,
    });
  }),
  proof('an opaque login token accepted: no key comparison is possible, the status it got is shown', async () => {
    const state = await conclude({
      issued: OPAQUE,
      facts: { issuedAccepted: true, issuedExchange: refusedExchange(204) },
    });
    deepStrictEqual(codes(state), ['AC_TOKEN_NOT_JWT']);
    strictEqual(
      state.found[0]?.summary,
      `the target accepts the opaque token its login issues (${opaqueTokenShape(OPAQUE)}) but not the harness's JWT: it may not take JWTs on this route at all; no secret comparison is possible`,
    );
    deepStrictEqual(state.found[0]?.evidence, { issuedTokenAccepted: 204 });
  }),
  proof('an opaque login token refused as well: no key the harness knows (not "no JWTs here")', async () => {
    const state = await conclude({
      issued: OPAQUE,
      facts: { issuedAccepted: false, issuedExchange: refusedExchange(401) },
    });
    deepStrictEqual(codes(state), ['AC_SECRET_MISMATCH']);
    strictEqual(state.found[0]?.summary.startsWith('no key the harness knows is accepted;'), true);
  }),
];

export const CONCLUSION_PROOFS: readonly ProofRow[] = [...CONCLUSION_STEP_PROOFS, ...LADDER_PART_PROOFS];
