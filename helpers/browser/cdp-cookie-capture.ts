import { parseSetCookie } from '../cookies/parse-set-cookie';
import { redactSetCookie } from '../redact/redact-headers';
import type { CDPSession, Page } from './playwright-types';

/** A cookie Chromium attached (or considered and refused) for one request. Names and attributes only, never values. */
export interface RequestCookie {
  readonly name: string;
  readonly domain: string;
  readonly path: string;
  /** Empty when the cookie was sent. */
  readonly blockedReasons: readonly string[];
  readonly exemptionReason?: string | undefined;
}

/** One Set-Cookie line of a response and whether Chromium stored it. */
export interface ResponseSetCookie {
  readonly name: string;
  /** The line with its value redacted (attributes kept: they are the evidence). */
  readonly redactedLine: string;
  readonly stored: boolean;
  readonly blockedReasons: readonly string[];
}

export interface CapturedRequest {
  readonly requestId: string;
  method: string;
  /** The URL the request went to last (after any redirect). */
  url: string;
  /** The URL the page asked for, before any redirect. */
  initialUrl?: string;
  /** Each redirect Chromium followed: where from, with which status. */
  redirects?: { url: string; status: number }[];
  /** Chromium's net error from Network.loadingFailed (e.g. net::ERR_TOO_MANY_REDIRECTS); undefined if it loaded. */
  netError?: string;
  /** The Retry-After header of the answer (a 429 or 503), if any. */
  retryAfter?: string;
  /** CDP's CORS error (e.g. MissingAllowOriginHeader) when the browser withheld the answer from the page. */
  corsError?: string;
  status?: number;
  fromServiceWorker?: boolean;
  /** From Network.requestWillBeSentExtraInfo; undefined until it arrives. */
  requestCookies?: RequestCookie[];
  /** From Network.responseReceivedExtraInfo; undefined until it arrives. */
  setCookies?: ResponseSetCookie[];
  responded: boolean;
}

interface CdpCookie {
  name: string;
  domain: string;
  path: string;
}
interface AssociatedCookie {
  blockedReasons: string[];
  exemptionReason?: string;
  cookie: CdpCookie;
}
interface BlockedSetCookie {
  blockedReasons: string[];
  cookieLine: string;
}

/**
 * Chromium's own account of cookies, per request: which were sent, which were not and why
 * (requestWillBeSentExtraInfo), which Set-Cookie lines were refused and why (responseReceivedExtraInfo). Not a server
 * echo. Only the page's own requests are seen (a service worker's fetches are its own target).
 */
export class CdpCookieCapture {
  readonly requests = new Map<string, CapturedRequest>();
  readonly #listeners = new Set<() => void>();

  private constructor(readonly session: CDPSession) {}

  static async attach(page: Page): Promise<CdpCookieCapture> {
    const session = await page.context().newCDPSession(page);
    const capture = new CdpCookieCapture(session);
    session.on('Network.requestWillBeSent', (event) => {
      const entry = capture.#entry(event.requestId);
      if (event.redirectResponse !== undefined) {
        (entry.redirects ??= []).push({ url: entry.url, status: event.redirectResponse.status });
        delete entry.status;
        delete entry.retryAfter;
      }
      entry.method = event.request.method;
      entry.url = event.request.url;
      entry.initialUrl ??= event.request.url;
      capture.#notify();
    });
    session.on('Network.loadingFailed', (event) => {
      const entry = capture.#entry(event.requestId);
      entry.netError = event.errorText;
      if (event.corsErrorStatus !== undefined) entry.corsError = event.corsErrorStatus.corsError;
      capture.#notify();
    });
    session.on('Network.requestWillBeSentExtraInfo', (event) => {
      const associated = (event.associatedCookies ?? []) as AssociatedCookie[];
      capture.#entry(event.requestId).requestCookies = associated.map((item) => ({
        name: item.cookie.name,
        domain: item.cookie.domain,
        path: item.cookie.path,
        blockedReasons: [...item.blockedReasons],
        exemptionReason: item.exemptionReason,
      }));
      capture.#notify();
    });
    session.on('Network.responseReceivedExtraInfo', (event) => {
      const blocked = (event.blockedCookies ?? []) as BlockedSetCookie[];
      const headers = event.headers as Record<string, string>;
      const raw = Object.entries(headers)
        .filter(([name]) => name.toLowerCase() === 'set-cookie')
        .flatMap(([, value]) => value.split('\n'));
      // The status as received, also when CORS withholds the answer from the page (no responseReceived then).
      const entry = capture.#entry(event.requestId);
      if (typeof event.statusCode === 'number') entry.status ??= event.statusCode;
      const retryAfter = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
      if (retryAfter !== undefined) entry.retryAfter = retryAfter;
      const refused = new Map(blocked.map((item) => [item.cookieLine, item.blockedReasons]));
      const lines = [...new Set([...raw, ...refused.keys()])].filter((line) => line.trim() !== '');
      capture.#entry(event.requestId).setCookies = lines.map((line) => {
        const silent = refused.has(line) ? undefined : silentlyDropped(line);
        return {
          name: cookieName(line),
          redactedLine: redactSetCookie(line),
          stored: !refused.has(line) && silent === undefined,
          blockedReasons: silent === undefined ? [...(refused.get(line) ?? [])] : [silent],
        };
      });
      capture.#notify();
    });
    session.on('Network.responseReceived', (event) => {
      const entry = capture.#entry(event.requestId);
      entry.status = event.response.status;
      entry.fromServiceWorker = event.response.fromServiceWorker === true;
      entry.responded = true;
      capture.#notify();
    });
    await session.send('Network.enable');
    return capture;
  }

  /**
   * Resolves with the first request matching `match` once Chromium has reported its response and, unless a service
   * worker answered, both ExtraInfo events. Waits on events, bounded by `timeoutMs`.
   */
  waitFor(match: (request: CapturedRequest) => boolean, timeoutMs = 5000): Promise<CapturedRequest> {
    const complete = (request: CapturedRequest) =>
      match(request) &&
      request.responded &&
      (request.fromServiceWorker === true ||
        (request.requestCookies !== undefined && request.setCookies !== undefined));
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = [...this.requests.values()].find(complete);
        if (found === undefined) return false;
        done();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`CDP: no complete cookie report for the request within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = () => void check();
      const done = () => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      if (!check()) this.#listeners.add(listener);
    });
  }

  /**
   * Resolves with the first request matching `match` once Chromium has settled it: loaded (as `waitFor`) or failed
   * (Network.loadingFailed, with or without a response). Undefined when nothing matching settles within `timeoutMs`.
   */
  async waitForOutcome(
    match: (request: CapturedRequest) => boolean,
    timeoutMs = 5000,
  ): Promise<CapturedRequest | undefined> {
    const failed = new Promise<CapturedRequest | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(listener);
        resolve(undefined);
      }, timeoutMs);
      const listener = () => {
        const found = [...this.requests.values()].find((request) => match(request) && request.netError !== undefined);
        if (found === undefined) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve(found);
      };
      this.#listeners.add(listener);
      listener();
    });
    const loaded = this.waitFor(match, timeoutMs).catch(() => undefined);
    return Promise.race([failed, loaded.then((request) => request ?? failed)]);
  }

  /** Forget what was seen (between steps of one page). */
  clear(): void {
    this.requests.clear();
  }

  async detach(): Promise<void> {
    await this.session.detach().catch(() => undefined);
  }

  #entry(requestId: string): CapturedRequest {
    let entry = this.requests.get(requestId);
    if (entry === undefined) {
      entry = { requestId, method: '', url: '', responded: false };
      this.requests.set(requestId, entry);
    }
    return entry;
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function cookieName(line: string): string {
  return parseSetCookie(line)?.name ?? '';
}

/**
 * Lines Chromium drops without a CDP blocked reason (it reports them as stored): a Partitioned cookie without Secure.
 * The reason given here is ours, named so it cannot be taken for one of Chromium's.
 */
export function silentlyDropped(line: string): string | undefined {
  const cookie = parseSetCookie(line);
  return cookie?.partitioned === true && !cookie.secure ? 'PartitionedWithoutSecure (no CDP reason)' : undefined;
}
