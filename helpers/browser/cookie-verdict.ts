import type { CapturedRequest, ResponseSetCookie } from './cdp-cookie-capture';

/** What Chromium did with one cookie on one request, from CDP (not from a server echo). */
export interface BrowserVerdict {
  readonly sent: boolean;
  readonly reasons: readonly string[];
  /** Where the reasons come from: the request, or the Set-Cookie that was never stored, or a service worker answered. */
  readonly stage: 'request' | 'set-cookie' | 'absent' | 'service-worker';
}

export function browserVerdict(
  name: string,
  request: CapturedRequest,
  setCookies: readonly ResponseSetCookie[],
): BrowserVerdict {
  if (request.fromServiceWorker === true && request.requestCookies === undefined)
    return { sent: false, reasons: ['served by service worker'], stage: 'service-worker' };
  const seen = (request.requestCookies ?? []).filter((cookie) => cookie.name === name);
  if (seen.some((cookie) => cookie.blockedReasons.length === 0)) return { sent: true, reasons: [], stage: 'request' };
  if (seen.length > 0)
    return { sent: false, reasons: [...new Set(seen.flatMap((cookie) => cookie.blockedReasons))], stage: 'request' };
  const refused = setCookies.filter((line) => line.name === name && !line.stored);
  if (refused.length > 0)
    return { sent: false, reasons: [...new Set(refused.flatMap((line) => line.blockedReasons))], stage: 'set-cookie' };
  return { sent: false, reasons: [], stage: 'absent' };
}
