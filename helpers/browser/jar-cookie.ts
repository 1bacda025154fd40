import type { BrowserContext } from './playwright-types';

/**
 * Whether Chromium's jar holds a cookie named `name` that a request to `url` would match (domain, path, Secure; a
 * WebSocket URL is matched as its http(s) twin). Partitioned cookies are listed too, whatever their partition: a
 * `false` means no cookie of that name can ride along.
 */
export async function jarHoldsCookie(context: BrowserContext, url: string, name: string): Promise<boolean> {
  const httpUrl = url.replace(/^ws(s?):/i, 'http$1:');
  return (await context.cookies([httpUrl])).some((cookie) => cookie.name === name);
}
