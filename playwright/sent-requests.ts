import type { APIRequestContext, APIResponse } from '@playwright/test';

/** What a response cannot say about its own request (Playwright's APIResponse keeps neither method nor token). */
export interface SentRequest {
  readonly method: string;
  readonly token: string | undefined;
  readonly sentAtMs: number;
}

const sent = new WeakMap<APIResponse, SentRequest>();

export function sentRequestOf(response: APIResponse): SentRequest | undefined {
  return sent.get(response);
}

const METHODS: Readonly<Record<string, string>> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  head: 'HEAD',
};

/** The request context, its responses remembered with the method and the token they were sent with. */
export function recordingContext(context: APIRequestContext, token: string | undefined): APIRequestContext {
  return new Proxy(context, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      const method = METHODS[property];
      if (method === undefined && property !== 'fetch') return (value as (...args: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        const sentAtMs = Date.now();
        const response = (await (value as (...args: unknown[]) => Promise<APIResponse>).apply(
          target,
          args,
        )) as APIResponse;
        const options = args[1] as { method?: string } | undefined;
        sent.set(response, { method: method ?? (options?.method ?? 'GET').toUpperCase(), token, sentAtMs });
        return response;
      };
    },
  });
}
