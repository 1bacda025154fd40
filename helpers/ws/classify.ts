import { statusClass } from '../http/status-verdict';
import type { WsTranscript } from './transcript';

/**
 * The verdict on one connection: auth refusals (401/403 on the upgrade, close 1008/4401/4403) apart
 * from infrastructure (network errors, 3xx/5xx/429 on the upgrade, 1001/1006/1011/1012/1013) and from the rest.
 */
export type WsOutcome =
  | { kind: 'accepted' }
  | { kind: 'refused-upgrade'; status: 401 | 403 }
  | { kind: 'closed-policy'; code: 1008 | 4401 | 4403; reason: string }
  | { kind: 'infra'; detail: string }
  | { kind: 'unexpected'; detail: string };

export const POLICY_CLOSE_CODES: readonly number[] = [1008, 4401, 4403];
export const INFRA_CLOSE_CODES: readonly number[] = [1001, 1006, 1011, 1012, 1013, 1014];

export function classify(transcript: WsTranscript, options: { closedByClient: boolean }): WsOutcome {
  const { upgradeStatus, close, error } = transcript;
  if (upgradeStatus !== undefined) {
    if (upgradeStatus === 401 || upgradeStatus === 403) return { kind: 'refused-upgrade', status: upgradeStatus };
    // A gateway, a crash or a redirect (an http→https ingress) on the upgrade: the endpoint never judged the token.
    const answered = statusClass(upgradeStatus);
    if (answered === 'gateway' || answered === 'server-error' || answered === 'redirect')
      return {
        kind: 'infra',
        detail: `upgrade answered ${upgradeStatus}${answered === 'redirect' ? ' (a redirect)' : ''}`,
      };
    return { kind: 'unexpected', detail: `upgrade answered ${upgradeStatus}` };
  }
  if (!transcript.opened)
    return { kind: 'infra', detail: error?.code ?? error?.message ?? 'connection failed before the upgrade' };
  if (close === undefined || options.closedByClient) return { kind: 'accepted' };
  if (POLICY_CLOSE_CODES.includes(close.code))
    return { kind: 'closed-policy', code: close.code as 1008 | 4401 | 4403, reason: close.reason };
  if (INFRA_CLOSE_CODES.includes(close.code))
    return { kind: 'infra', detail: `closed ${close.code}${close.reason ? ` ${close.reason}` : ''}` };
  return { kind: 'unexpected', detail: `closed ${close.code}${close.reason ? ` ${close.reason}` : ''}` };
}

/** `http-401` / `close-4401` style label of an outcome, comparable with WS_REFUSAL. */
export function refusalLabel(outcome: WsOutcome): string | undefined {
  if (outcome.kind === 'refused-upgrade') return `http-${outcome.status}`;
  if (outcome.kind === 'closed-policy') return `close-${outcome.code}`;
  return undefined;
}

export function describeOutcome(outcome: WsOutcome): string {
  switch (outcome.kind) {
    case 'accepted':
      return 'accepted';
    case 'refused-upgrade':
      return `upgrade refused with HTTP ${outcome.status}`;
    case 'closed-policy':
      return `closed ${outcome.code}${outcome.reason ? ` "${outcome.reason}"` : ''}`;
    default:
      return outcome.detail;
  }
}
