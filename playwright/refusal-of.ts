import type { APIResponse, Response } from '@playwright/test';
import type { Refusal } from '../helpers/diagnosis/diagnose-refusal';
import { makeExchange, type HttpExchange } from '../helpers/http/exchange';
import { sentRequestOf } from './sent-requests';

/** What the matcher cannot read from the response itself: the token that was sent, the method, the expected status. */
export interface RefusalOptions {
  /** The token the request carried (default: the one the `api` fixture sent, or the request's Authorization header). */
  readonly token?: string;
  readonly method?: string;
  /** The status a valid identity gets on this route (default: any 2xx). */
  readonly status?: number;
}

/** The responses the matchers judge: the `api` fixture's, Playwright's own (APIResponse, a page's Response) or the harness client's. */
export type JudgedResponse = APIResponse | Response | HttpExchange;

function isExchange(response: JudgedResponse): response is HttpExchange {
  return typeof (response as HttpExchange).status === 'number';
}

function isPageResponse(response: JudgedResponse): response is Response {
  return typeof (response as Response).request === 'function';
}

function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

/** The exchange in the harness's own form, with what is known of its request, ready for the diagnosis. */
export async function refusalOf(response: JudgedResponse, options: RefusalOptions = {}): Promise<Refusal> {
  if (isExchange(response)) {
    return {
      url: response.url,
      method: options.method ?? response.method,
      exchange: response,
      token: options.token,
      tokenOrigin: 'given',
      ...(options.status !== undefined ? { expectedStatus: options.status } : {}),
    };
  }
  let method = options.method;
  let token = options.token;
  let requestHeaders: Record<string, string> = {};
  let sentAtMs: number | undefined;
  if (isPageResponse(response)) {
    requestHeaders = await response.request().allHeaders();
    method ??= response.request().method();
    token ??= bearerOf(requestHeaders['authorization']);
  } else {
    const sent = sentRequestOf(response);
    method ??= sent?.method;
    token ??= sent?.token;
    sentAtMs = sent?.sentAtMs;
  }
  const exchange = makeExchange({
    method: method ?? 'GET',
    url: response.url(),
    status: response.status(),
    requestHeaders,
    headers: response.headers(),
    body: await response.text().catch(() => ''),
    durationMs: 0,
    attempts: 1,
  });
  return {
    url: response.url(),
    method: method ?? 'GET',
    exchange,
    token,
    tokenOrigin: 'target',
    ...(sentAtMs !== undefined ? { sentAtMs } : {}),
    ...(options.status !== undefined ? { expectedStatus: options.status } : {}),
  };
}
