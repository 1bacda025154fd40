import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { CookieJar } from 'tough-cookie';
import { Agent, request, type Dispatcher } from 'undici';
import { markRequest } from './request-marker';
import { networkErrorCode } from './classify-network-error';
import { TargetUnreachableError } from './errors';
import { makeExchange, type ExchangeRecord, type HttpExchange } from './exchange';
import { defaultRetryPolicy, retryAfterMs, retryDelay, shouldRetry, type RetryPolicy } from './retry-policy';
import { applyTokenTransport, type TokenTransport } from './token-transport';

export interface HttpClientOptions {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly caFile?: string | undefined;
  readonly rejectUnauthorized?: boolean;
  readonly retryPolicy?: RetryPolicy;
  /** The longest Retry-After honoured (HTTP_RETRY_AFTER_MAX); overrides the policy's. */
  readonly retryAfterMaxMs?: number;
  /** How the client waits between attempts: injected so tests never wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where `bearer` tokens go (TOKEN_TRANSPORT): header (default), cookie, or both. */
  readonly tokenTransport?: TokenTransport | undefined;
  /** Where requests go instead of a connection pool of its own (shared: close() leaves it open). */
  readonly dispatcher?: Dispatcher;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON with content-type application/json. */
  readonly json?: unknown;
  /** Sent as application/x-www-form-urlencoded (OAuth2 token requests, RFC 6749 §4.3.2). */
  readonly form?: Readonly<Record<string, string>>;
  /** A ready-encoded body (form, JSON with a vendor content type); the caller sets content-type in headers. */
  readonly body?: string;
  /** The token, sent the way the client's transport says (default `Authorization: Bearer …`). */
  readonly bearer?: string;
  /** Overrides the client's transport for this request (a check comparing header and cookie delivery). */
  readonly transport?: TokenTransport;
  /** Use and update the client's cookie jar (default true). */
  readonly useJar?: boolean;
  /** Short description for the evidence record (never the token). */
  readonly label?: string;
}

/**
 * undici with a tough-cookie jar. Every exchange is recorded with credentials redacted at the source;
 * network errors and gateway 5xx on idempotent calls are retried per the declared policy, nothing else.
 */
export class HttpClient {
  readonly jar = new CookieJar();
  readonly records: ExchangeRecord[] = [];
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #transport: TokenTransport | undefined;

  constructor(options: HttpClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    const policy = options.retryPolicy ?? defaultRetryPolicy(options.retries);
    this.#policy =
      options.retryAfterMaxMs === undefined ? policy : { ...policy, retryAfterMaxMs: options.retryAfterMaxMs };
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
    this.#transport = options.tokenTransport;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({
        connect: {
          ...(options.caFile ? { ca: readFileSync(options.caFile) } : {}),
          rejectUnauthorized: options.rejectUnauthorized ?? true,
        },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
  }

  async send(url: string, options: RequestOptions = {}): Promise<HttpExchange> {
    const method = (options.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.bearer !== undefined)
      applyTokenTransport(headers, options.bearer, options.transport ?? this.#transport);
    const useJar = options.useJar ?? true;
    if (useJar) {
      const cookie = await this.jar.getCookieString(url);
      if (cookie) headers['cookie'] = headers['cookie'] ? `${headers['cookie']}; ${cookie}` : cookie;
    }
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.form !== undefined) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const marker = markRequest(headers);

    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const response = await request(url, {
          method: method as Dispatcher.HttpMethod,
          headers,
          body,
          dispatcher: this.#dispatcher,
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        const text = await response.body.text();
        const durationMs = performance.now() - started;
        if (shouldRetry(method, { status: response.statusCode }, attempt, this.#policy)) {
          const header = response.headers['retry-after'];
          const wait = retryDelay(
            this.#policy,
            attempt,
            retryAfterMs(Array.isArray(header) ? header[0] : header, Date.now()),
          );
          if (wait !== undefined) {
            await this.#sleep(wait);
            continue;
          }
        }
        const exchange = makeExchange({
          method,
          url,
          status: response.statusCode,
          requestHeaders: headers,
          headers: response.headers as Record<string, string | string[] | undefined>,
          body: text,
          durationMs,
          attempts: attempt,
          label: options.label,
          marker,
        });
        if (useJar)
          for (const setCookie of exchange.setCookies())
            await this.jar.setCookie(setCookie, url, { ignoreError: true });
        this.records.push(exchange.record);
        return exchange;
      } catch (error) {
        const code = networkErrorCode(error);
        if (shouldRetry(method, { errorCode: code }, attempt, this.#policy)) {
          await this.#sleep(this.#policy.delayMs(attempt));
          continue;
        }
        throw new TargetUnreachableError(url, code, attempt, method);
      }
    }
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}
