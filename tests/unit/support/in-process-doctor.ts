import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../../helpers/clock/clock';
import { runDoctor, type DoctorReport, type DoctorRequest } from '../../../helpers/doctor/doctor';
import { loadTargetConfig } from '../../../helpers/env/load-env';
import { ENV_DIR } from '../../../helpers/env/paths';
import type { TargetConfig } from '../../../helpers/env/target-config';
import { HttpClient } from '../../../helpers/http/http-client';
import type { SecretResolution } from '../../../helpers/secret/resolve-secret';
import { mintOptionsFromConfig } from '../../../helpers/token/claims-from-config';
import { harnessSigningKey, resolveHarnessSecret } from '../../../helpers/token/harness-key';
import { mintToken } from '../../../helpers/token/mint-token';
import type { SigningKey } from '../../../helpers/token/signing-key';
import { startReference } from '../../../reference/start';
import type { FaultCase } from '../../self/cases/types';

/** What the doctor and the ladder need, built as the CLI builds it, from env/local.env plus the row's variables. */
export interface Harness {
  readonly config: TargetConfig;
  readonly resolution: SecretResolution;
  readonly key: SigningKey;
  readonly clock: Clock;
  readonly http: HttpClient;
  close(): Promise<void>;
}

export async function harnessFor(variables: Record<string, string>, clock: Clock = systemClock): Promise<Harness> {
  const { config, variables: merged } = loadTargetConfig({
    envName: 'local',
    envDir: ENV_DIR,
    processVariables: { REFERENCE_TARGET: 'none', ...variables },
  });
  const resolution = resolveHarnessSecret(config, merged);
  const key = await harnessSigningKey(config, resolution);
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  return { config, resolution, key, clock, http, close: () => http.close() };
}

/** How the developer replays the request: the token the doctor logs in for, a given token, or a cookie. */
export type Replay =
  { kind: 'login' } | { kind: 'token'; token: string } | { kind: 'cookie'; encoding: 'base64url' | 'standard-base64' };

/**
 * The doctor in-process against a reference-target instance started in-process with the row's faults and env:
 * what `authcanary doctor --json` does, without a subprocess.
 */
export async function doctorAgainstReference(
  row: FaultCase,
  replay: Replay = { kind: 'login' },
): Promise<DoctorReport> {
  const secret = row.env?.['JWT_SECRET_LOCAL'] ?? randomBytes(32).toString('base64url');
  const shared = { APP_ENV: 'local', JWT_SECRET_LOCAL: secret, ...row.env };
  const target = await startReference({ env: { ...shared, ...row.targetEnv, REFERENCE_FAULTS: row.fault }, port: 0 });
  const declared: Record<string, string> =
    row.declareTargetFingerprint && target.secrets.api
      ? { TARGET_SECRET_FINGERPRINT: target.secrets.api.fingerprint }
      : {};
  const harness = await harnessFor({
    ...shared,
    ...row.harnessEnv,
    ...declared,
    REFERENCE_PORT: String(target.port),
    TARGET_BASE_URL: target.url,
  });
  try {
    return await runDoctor(harness, await replayRequest(harness, `${target.url}/api/v1/me`, replay));
  } finally {
    await harness.close();
    await target.close();
  }
}

export async function replayRequest(harness: Harness, url: string, replay: Replay): Promise<DoctorRequest> {
  if (replay.kind === 'login') return { url, method: 'GET', headers: {} };
  if (replay.kind === 'token') return { url, method: 'GET', headers: {}, token: replay.token };
  // A fresh token whose standard-base64 form really differs (a + or / somewhere): some tokens encode the same in both,
  // and a form that differs only by `=` padding is accepted by lenient decoders (the row would be flaky).
  for (;;) {
    const minted = await mintToken({
      ...mintOptionsFromConfig(harness.config, harness.key, harness.clock),
      notBeforeOffsetMs: 0,
    });
    const standard = minted
      .split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('base64'))
      .join('.');
    if (replay.encoding === 'standard-base64' && !/[+/]/.test(standard)) continue;
    const value = replay.encoding === 'base64url' ? minted : standard;
    return { url, method: 'GET', headers: {}, cookie: `${harness.config.tokenCookie ?? 'access_token'}=${value}` };
  }
}

/** A scripted target: a node:http server on loopback whose handler plays one backend's behaviour. */
export interface ScriptedTarget {
  readonly url: string;
  close(): Promise<void>;
}

export async function scriptedTarget(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>,
): Promise<ScriptedTarget> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      Promise.resolve(handler(req, res, body)).catch(() => {
        if (!res.headersSent) res.writeHead(599).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
