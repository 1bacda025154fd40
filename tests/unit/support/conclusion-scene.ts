import { randomBytes } from 'node:crypto';
import type { TargetConfig } from '../../../helpers/env/target-config';
import { buildHarness } from '../../../helpers/harness/build-harness';
import type { Harness } from '../../../helpers/harness/harness';
import type { HttpClient } from '../../../helpers/http/http-client';
import { makeExchange, type HttpExchange } from '../../../helpers/http/exchange';
import {
  createLadderState,
  type HeldKey,
  type LadderFacts,
  type LadderState,
  type Refusal,
} from '../../../helpers/diagnosis/ladder/ladder-state';
import type { LoginToken } from '../../../helpers/evidence/login-tokens';
import type { SecretResolution } from '../../../helpers/secret/resolve-secret';
import type { ProofRow } from './proof-row';

/**
 * Hand-built ladder states for proofs of single steps: the harness's real parts (built once per kind by buildHarness
 * from env/local.env), a refused exchange as the target wrote it, the facts earlier steps would have left, and a probe
 * client that answers from a script (no socket).
 */

const ORIGIN = 'http://127.0.0.1:9';
const SECRET = randomBytes(32).toString('base64url');

/** Which harness a scene uses: the plain HS256 one, one with the backend's logs and deployed settings, no-mint mode. */
export type HarnessKind = 'plain' | 'evidence' | 'no-mint';

const VARIABLES: Readonly<Record<HarnessKind, Record<string, string>>> = {
  plain: {},
  evidence: {
    TARGET_LOG_FILE: '/var/log/api/app.log',
    TARGET_CONFIG_URL: `${ORIGIN}/config`,
    TARGET_CONFIG_KEYS: 'token_use:tokenUse',
  },
  'no-mint': { JWT_ALG: 'ES256' },
};

const built = new Map<HarnessKind, Promise<Harness>>();
let minted: Promise<string> | undefined;

export function harnessOf(kind: HarnessKind = 'plain'): Promise<Harness> {
  let harness = built.get(kind);
  if (!harness) {
    harness = buildHarness({
      envName: 'local',
      variables: {
        REFERENCE_TARGET: 'none',
        JWT_SECRET_LOCAL: SECRET,
        TARGET_BASE_URL: ORIGIN,
        REFERENCE_PORT: '9',
        ...VARIABLES[kind],
      },
    });
    built.set(kind, harness);
  }
  return harness;
}

/** The key the plain harness signs with, as the held-keys step names it. */
export async function heldKey(): Promise<HeldKey> {
  const { signingKey } = await harnessOf();
  return { source: signingKey.source, fingerprint: signingKey.fingerprint };
}

export interface Scene {
  readonly harness?: HarnessKind;
  /** The refused answer: status (401), headers (lower case), JSON body. */
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** The refused token: the harness's own minted token by default, `null` for none. */
  readonly token?: string | null;
  readonly tokenOrigin?: Refusal['tokenOrigin'];
  readonly delivery?: Refusal['delivery'];
  readonly sentAtMs?: number;
  /** The target's issued token, if the login gave one. */
  readonly issued?: string;
  readonly facts?: LadderFacts;
  readonly sameKeyVerifiedBy?: string;
  readonly resolution?: (resolution: SecretResolution) => SecretResolution;
  /** The harness's config as a step sees it, changed for one scene. */
  readonly config?: (config: TargetConfig) => TargetConfig;
  readonly loginTokens?: readonly LoginToken[];
  /** What the probe client answers, request by request (the last repeats; default 401). */
  readonly answers?: readonly number[];
  readonly budget?: number;
}

export function refusedExchange(status: number, headers: Record<string, string> = {}, body?: unknown): HttpExchange {
  return makeExchange({
    method: 'GET',
    url: `${ORIGIN}/api/v1/me`,
    status,
    requestHeaders: {},
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
    durationMs: 0,
    attempts: 1,
  });
}

/** A probe client that answers each request with the next scripted status, and counts them. */
function scriptedClient(answers: readonly number[]): HttpClient & { readonly sent: number } {
  let sent = 0;
  return {
    get sent() {
      return sent;
    },
    send: async () => refusedExchange(answers[Math.min(sent++, answers.length - 1)] ?? 401),
  } as unknown as HttpClient & { readonly sent: number };
}

export interface Staged {
  readonly state: LadderState;
  readonly harness: Harness;
  readonly client: { readonly sent: number };
}

export async function stage(scene: Scene): Promise<Staged> {
  const harness = await harnessOf(scene.harness);
  const client = scriptedClient(scene.answers ?? [401]);
  // The refused token's freshness plays no part in these proofs: the plain harness's token is minted once.
  minted ??= harnessOf().then((plain) => plain.mint());
  const token = scene.token === null ? undefined : (scene.token ?? (await minted));
  const state = createLadderState(
    {
      config: scene.config ? scene.config(harness.config) : harness.config,
      resolution: scene.resolution ? scene.resolution(harness.secrets) : harness.secrets,
      key: harness.signingKey,
      clock: harness.clock,
      http: client,
      issuedToken: scene.issued,
      loginTokens: scene.loginTokens,
      ...(scene.budget === undefined ? {} : { budget: scene.budget }),
      ...(scene.sameKeyVerifiedBy === undefined ? {} : { sameKeyVerifiedBy: scene.sameKeyVerifiedBy }),
    },
    {
      url: `${ORIGIN}/api/v1/me`,
      method: 'GET',
      exchange: refusedExchange(scene.status ?? 401, scene.headers, scene.body),
      token,
      ...(scene.delivery ? { delivery: scene.delivery } : {}),
      ...(scene.tokenOrigin ? { tokenOrigin: scene.tokenOrigin } : {}),
      ...(scene.sentAtMs === undefined ? {} : { sentAtMs: scene.sentAtMs }),
    },
  );
  Object.assign(state.facts, scene.facts);
  return { state, harness, client };
}

/** A proof whose body asserts (node:assert): it resolves to the failed assertion's message, or undefined. */
export function proof(name: string, body: () => Promise<void> | void): ProofRow {
  return {
    name,
    check: () =>
      Promise.resolve()
        .then(body)
        .then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        ),
  };
}
