import type { Page } from './playwright-types';

/** What the app page saw of a WebSocket it opened itself: the first frame (parsed when JSON) or the close. */
export interface PageSocketOutcome {
  readonly opened: boolean;
  /** First message, parsed (undefined when none arrived or it is not JSON). */
  readonly firstMessage?: unknown;
  readonly close?: { readonly code: number; readonly reason: string } | undefined;
  /** Neither a message nor a close within the bound (the socket is then closed by the page). */
  readonly timedOut: boolean;
  /** Concluded at open: no credential could ride along, so no welcome was waited for (the page then closes it). */
  readonly concludedAtOpen?: boolean;
}

export interface OpenSocketOptions {
  readonly timeoutMs: number;
  /**
   * The browser holds no cookie for the socket's URL (read from its jar just before): the handshake carries no
   * credential, so its open (or close, or first frame) concludes instead of waiting for a welcome that cannot come.
   */
  readonly noCredential?: boolean;
}

/**
 * `new WebSocket(url)` from the app's origin, as the app itself would (a page cannot set Authorization: only cookies ride
 * along). Waits on the socket's own events, bounded by `timeoutMs`. No credentials are passed in.
 */
export async function openSocketFromApp(
  page: Page,
  url: string,
  options: OpenSocketOptions,
): Promise<PageSocketOutcome> {
  return page.evaluate(
    ({ target, limit, atOpen }) =>
      new Promise<PageSocketOutcome>((resolve) => {
        const socket = new WebSocket(target);
        let opened = false;
        const timer = setTimeout(() => {
          socket.close();
          resolve({ opened, timedOut: true });
        }, limit);
        const finish = (outcome: Omit<PageSocketOutcome, 'opened' | 'timedOut'>) => {
          clearTimeout(timer);
          resolve({ opened, timedOut: false, ...outcome });
        };
        socket.addEventListener('open', () => {
          opened = true;
          if (!atOpen) return;
          clearTimeout(timer);
          socket.close();
          resolve({ opened, timedOut: false, concludedAtOpen: true });
        });
        socket.addEventListener('message', (event) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(String(event.data));
          } catch {
            parsed = undefined;
          }
          socket.close();
          finish({ firstMessage: parsed });
        });
        socket.addEventListener('close', (event) => finish({ close: { code: event.code, reason: event.reason } }));
      }),
    { target: url, limit: options.timeoutMs, atOpen: options.noCredential === true },
  );
}
