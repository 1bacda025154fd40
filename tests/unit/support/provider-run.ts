import { randomBytes } from 'node:crypto';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import type { Clock } from '../../../helpers/clock/clock';
import type { DiagnosisReport } from '../../../helpers/diagnosis/diagnose-refusal';
import { buildHarness } from '../../../helpers/harness/build-harness';
import type { Harness } from '../../../helpers/harness/harness';
import type { IdpFault } from '../../../reference/idp/idp-faults';
import { createIdpListener } from '../../../reference/idp/idp-listener';
import { inProcessDispatcher } from './in-process-dispatcher';

/** The origin the harness and the provider name; never connected to: the in-process dispatcher answers for it
 * (not port 9, the reference rows' port: fetch, which jose's key set uses, refuses it as a bad port). */
export const IDP_ORIGIN = 'http://127.0.0.1:8';

export interface ProviderRun {
  readonly harness: Harness;
  readonly kids: { readonly current: string; readonly retired: string };
  close(): Promise<void>;
}

/**
 * The reference identity provider (reference/idp) with `faults`, its handlers reached in process, and the run
 * buildHarness builds from env/idp.env (no-mint mode unless `harness` declares a key): discovery, the token endpoint,
 * the JWKS (the harness's and the API's own fetch of it) and the API all go through one dispatcher, no socket.
 */
export async function providerRun(
  faults: readonly IdpFault[],
  options: { harness?: Record<string, string>; clock?: Clock; alg?: 'RS256' | 'ES256' } = {},
): Promise<ProviderRun> {
  const alg = options.alg ?? 'ES256';
  const clientSecret = randomBytes(24).toString('base64url');
  const late: { dispatcher?: Dispatcher } = {};
  const idp = await createIdpListener(
    { IDP_CLIENT_SECRET: clientSecret, IDP_ALG: alg, REFERENCE_FAULTS: faults.join(',') },
    () => IDP_ORIGIN,
    {
      fetchJwks: (url, init) =>
        undiciFetch(url, {
          method: init.method,
          redirect: init.redirect,
          signal: init.signal,
          headers: Object.fromEntries([...(init.headers as unknown as Iterable<[string, string]>)]),
          ...(late.dispatcher ? { dispatcher: late.dispatcher } : {}),
        }) as unknown as Promise<Response>,
    },
  );
  const dispatcher = inProcessDispatcher(idp.listener);
  late.dispatcher = dispatcher;
  const harness = await buildHarness({
    envName: 'idp',
    variables: {
      REFERENCE_TARGET: 'none',
      REFERENCE_PORT: '8',
      IDP_CLIENT_SECRET: clientSecret,
      IDP_ALG: alg,
      JWT_ALG: alg,
      ...options.harness,
    },
    dispatcher,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    harness,
    kids: idp.kids,
    close: async () => {
      await harness.close();
      await dispatcher.close();
    },
  };
}

/**
 * Sends a token to `path` as a suite does (by header) and diagnoses the answer with the harness's own diagnose: the
 * provider's access token from the login by default, the harness's own minted token, or a given one.
 */
export async function diagnoseProviderRoute(
  run: ProviderRun,
  path: string,
  sent: 'login' | 'minted' | { readonly given: string } = 'login',
): Promise<{ status: number; report: DiagnosisReport }> {
  const { harness } = run;
  const client = harness.http({ retries: 0 });
  try {
    const token =
      sent === 'login' ? await harness.issuedToken() : sent === 'minted' ? await harness.mint() : sent.given;
    if (!token) throw new Error('the provider issued no token');
    const url = `${IDP_ORIGIN}${path}`;
    const sentAtMs = harness.clock.now();
    const exchange = await client.send(url, { useJar: false, bearer: token });
    const report = await harness.diagnose(
      {
        url,
        method: 'GET',
        exchange,
        token,
        delivery: 'header',
        sentAtMs,
        tokenOrigin: sent === 'login' ? 'target' : sent === 'minted' ? 'harness' : 'given',
      },
      client,
    );
    return { status: exchange.status, report };
  } finally {
    await client.close();
  }
}
