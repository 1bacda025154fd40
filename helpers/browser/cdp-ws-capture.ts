import { redactHeaders } from '../redact/redact-headers';
import type { RequestCookie } from './cdp-cookie-capture';
import type { CDPSession, Page } from './playwright-types';

/**
 * What Chromium says one WebSocket handshake carried: cookie names (never values) from the handshake's request headers,
 * the cookies it attached or refused and why (requestWillBeSentExtraInfo, same requestId), and the upgrade status.
 * Chromium 156 leaves Cookie out of the handshake headers and sends no ExtraInfo for it: both are read when present.
 */
export interface WsHandshake {
  readonly requestId: string;
  url: string;
  /** Request headers, values redacted (Cookie, Authorization, Sec-WebSocket-Protocol). */
  redactedHeaders?: Record<string, string>;
  /** Names of the cookies in the handshake's Cookie header. */
  cookieNames: string[];
  /** From requestWillBeSentExtraInfo, when Chromium reports it for the handshake. */
  associated?: RequestCookie[];
  status?: number;
  closed: boolean;
}

interface AssociatedCookie {
  blockedReasons: string[];
  exemptionReason?: string;
  cookie: { name: string; domain: string; path: string };
}

export class CdpWsCapture {
  readonly handshakes = new Map<string, WsHandshake>();
  readonly #listeners = new Set<() => void>();

  private constructor(readonly session: CDPSession) {}

  static async attach(page: Page): Promise<CdpWsCapture> {
    const session = await page.context().newCDPSession(page);
    const capture = new CdpWsCapture(session);
    session.on('Network.webSocketCreated', (event) => {
      capture.#entry(event.requestId).url = event.url;
      capture.#notify();
    });
    session.on('Network.webSocketWillSendHandshakeRequest', (event) => {
      capture.#headers(event.requestId, event.request.headers as Record<string, string>);
    });
    session.on('Network.requestWillBeSentExtraInfo', (event) => {
      const entry = capture.handshakes.get(event.requestId);
      if (entry === undefined) return;
      entry.associated = ((event.associatedCookies ?? []) as AssociatedCookie[]).map((item) => ({
        name: item.cookie.name,
        domain: item.cookie.domain,
        path: item.cookie.path,
        blockedReasons: [...item.blockedReasons],
        exemptionReason: item.exemptionReason,
      }));
      capture.#headers(event.requestId, event.headers as Record<string, string>);
    });
    session.on('Network.webSocketHandshakeResponseReceived', (event) => {
      const entry = capture.#entry(event.requestId);
      entry.status = event.response.status;
      if (event.response.requestHeaders !== undefined)
        capture.#headers(event.requestId, event.response.requestHeaders as Record<string, string>);
      // The structured headers leave Cookie out; the raw text Chromium sent has it.
      if (typeof event.response.requestHeadersText === 'string')
        capture.#headers(event.requestId, headersFromText(event.response.requestHeadersText));
      capture.#notify();
    });
    session.on('Network.webSocketClosed', (event) => {
      capture.#entry(event.requestId).closed = true;
      capture.#notify();
    });
    await session.send('Network.enable');
    return capture;
  }

  /** The first handshake to `url` once its status is known (or the socket closed without one). Bounded by `timeoutMs`. */
  waitFor(url: string, timeoutMs = 5000): Promise<WsHandshake> {
    const done = (entry: WsHandshake) => entry.url === url && (entry.status !== undefined || entry.closed);
    return new Promise((resolve, reject) => {
      const listener = () => {
        const found = [...this.handshakes.values()].find(done);
        if (found === undefined) return;
        finish();
        resolve(found);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`CDP: no WebSocket handshake to ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
      listener();
    });
  }

  async detach(): Promise<void> {
    await this.session.detach().catch(() => undefined);
  }

  #headers(requestId: string, headers: Record<string, string>): void {
    const entry = this.#entry(requestId);
    const cookie = Object.entries(headers).find(([name]) => name.toLowerCase() === 'cookie')?.[1];
    const names = (cookie ?? '')
      .split(/;\s*/)
      .map((pair) => pair.split('=', 1)[0]?.trim() ?? '')
      .filter(Boolean);
    entry.cookieNames = [...new Set([...entry.cookieNames, ...names])];
    entry.redactedHeaders = { ...entry.redactedHeaders, ...redactHeaders(headers) };
    this.#notify();
  }

  #entry(requestId: string): WsHandshake {
    let entry = this.handshakes.get(requestId);
    if (entry === undefined) {
      entry = { requestId, url: '', cookieNames: [], closed: false };
      this.handshakes.set(requestId, entry);
    }
    return entry;
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/** `GET /ws HTTP/1.1\r\nName: value\r\n...` → headers (repeated names joined as the Cookie header would be). */
function headersFromText(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}; ${value}`;
  }
  return headers;
}
