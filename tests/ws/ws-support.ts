import { readFileSync } from 'node:fs';
import { controlRoute, routeUrl } from '../../helpers/auth/control-route';
import type { TargetConfig } from '../../helpers/env/target-config';
import type { HttpClient } from '../../helpers/http/http-client';
import { attempt, type AttemptOptions, type WsAttempt } from '../../helpers/ws/attempt';
import type { WsConfig } from '../../helpers/env/ws-config';
import { test } from '../fixtures';

/** Shared steps of the WebSocket specs: the endpoint from the env, attempts recorded as attachments, the REST control. */

export const ALL_MODES = ['header', 'protocol', 'query', 'cookie', 'message'] as const;

/** The endpoint the env declares, or the test is skipped (the suite runs only with WS_URL / WS_PATH). */
export function wsConfigOrSkip(target: TargetConfig): WsConfig {
  const ws = target.ws;
  test.skip(ws === undefined, 'no WebSocket endpoint declared (WS_URL / WS_PATH)');
  return ws as WsConfig;
}

/** Connects and attaches the redacted transcript (the attach fixture scrubs it once more). */
export async function recordedAttempt(
  target: TargetConfig,
  ws: WsConfig,
  options: AttemptOptions,
  attach: (name: string, data: unknown) => Promise<void>,
): Promise<WsAttempt> {
  const result = await test.step(`ws ${options.mode}: ${options.label}`, () =>
    attempt(ws, options, {
      rejectUnauthorized: target.http.rejectUnauthorized,
      ca: target.http.caFile ? readFileSync(target.http.caFile) : undefined,
    }));
  await attach(`ws-${options.label.replace(/[^\w-]+/g, '-')}.json`, result.session.transcript);
  return result;
}

/** The same token on the REST control route: its status, or undefined if the env has no 2xx route. */
export async function restStatus(
  target: TargetConfig,
  http: HttpClient,
  token: string,
): Promise<{ route?: string; status?: number }> {
  const route = controlRoute(target);
  if (!route) return {};
  const exchange = await test.step('same token on the REST control route', () =>
    http.send(routeUrl(target, route), {
      method: route.method,
      bearer: token,
      useJar: false,
      label: 'REST cross-check',
    }));
  return { route: `${route.method} ${route.path}`, status: exchange.status };
}

/** Closes every open session of a test, whatever happened. */
export async function closeAll(attempts: readonly (WsAttempt | undefined)[]): Promise<void> {
  await Promise.all(attempts.map((item) => item?.session.close()));
}
