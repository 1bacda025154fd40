import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { redactHeaders } from '../redact/redact-headers';
import { markRequest } from '../http/request-marker';
import { classify, type WsOutcome } from './classify';
import { newTranscript, redactFrame, type WsTranscript } from './transcript';
import type { WsAuthMode, WsConfig } from '../env/ws-config';
import { WsUsageError } from '../errors/authcanary-error';

export type WsClientSettings = Pick<WsConfig, 'protocolMarker' | 'queryParam' | 'cookie' | 'authMessage' | 'timeoutMs'>;

export interface WsConnectOptions {
  readonly url: string;
  /** How the token travels; `none` sends no credential at all. */
  readonly mode: WsAuthMode | 'none';
  readonly token?: string | undefined;
  readonly origin?: string | undefined;
  readonly settings: WsClientSettings;
  /** Short description for the transcript (never the token). */
  readonly label: string;
  readonly rejectUnauthorized?: boolean;
  /** A private CA for wss:// (TLS_CA_FILE). */
  readonly ca?: Buffer | undefined;
}

/** A received frame: the raw text (for assertions, never recorded) and its JSON value if any. */
export interface WsMessage {
  readonly text: string;
  readonly json: unknown;
}

/**
 * One WebSocket connection with its transcript. `connect` resolves once the handshake is settled (open, refused with
 * an HTTP status read from `unexpected-response`, or failed); every later wait is on an event, bounded by a timeout.
 */
export class WsSession {
  readonly transcript: WsTranscript;
  readonly messages: WsMessage[] = [];
  readonly #socket: WebSocket;
  readonly #started = performance.now();
  readonly #timeoutMs: number;
  readonly #listeners = new Set<() => void>();
  #closedByClient = false;
  #done = false;

  private constructor(socket: WebSocket, transcript: WsTranscript, timeoutMs: number) {
    this.#socket = socket;
    this.transcript = transcript;
    this.#timeoutMs = timeoutMs;
  }

  static async connect(options: WsConnectOptions): Promise<WsSession> {
    const { url, headers, protocols } = handshake(options);
    markRequest(headers);
    const transcript = newTranscript({
      label: options.label,
      mode: options.mode,
      url,
      headers: { ...headers, ...(protocols.length ? { 'sec-websocket-protocol': protocols.join(', ') } : {}) },
    });
    const socket = new WebSocket(url, protocols, {
      headers,
      handshakeTimeout: options.settings.timeoutMs,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
      ...(options.ca ? { ca: options.ca } : {}),
      followRedirects: false,
    });
    const session = new WsSession(socket, transcript, options.settings.timeoutMs);
    await session.#settle();
    if (options.mode === 'message' && transcript.opened) {
      session.send(options.settings.authMessage.replace('{{token}}', JSON.stringify(options.token ?? '').slice(1, -1)));
    }
    return session;
  }

  #elapsed(): number {
    return Math.round((performance.now() - this.#started) * 1000) / 1000;
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #settle(): Promise<void> {
    const socket = this.#socket;
    const transcript = this.transcript;
    return new Promise((resolve) => {
      const settled = () => resolve();
      socket.on('unexpected-response', (request, response) => {
        transcript.upgradeStatus = response.statusCode ?? 0;
        transcript.upgradeHeaders = redactHeaders(response.headers);
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < 2048) chunks.push(chunk);
          size += chunk.length;
        });
        const finish = () => {
          transcript.upgradeBody = redactFrame(Buffer.concat(chunks).toString('utf8').slice(0, 2048)).preview;
          transcript.timings.closeMs = this.#elapsed();
          this.#done = true;
          request.destroy();
          settled();
          this.#notify();
        };
        response.on('end', finish);
        response.on('error', finish);
      });
      socket.on('open', () => {
        transcript.opened = true;
        transcript.protocol = socket.protocol || undefined;
        transcript.timings.openMs = this.#elapsed();
        settled();
      });
      socket.on('message', (data, isBinary) => {
        const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
        const text = isBinary ? '' : buffer.toString('utf8');
        const json = parseJson(text);
        this.messages.push({ text, json });
        transcript.timings.firstFrameMs ??= this.#elapsed();
        transcript.frames.push({
          direction: 'in',
          atMs: this.#elapsed(),
          size: buffer.length,
          ...(isBinary ? { preview: `<binary ${buffer.length} bytes>` } : redactFrame(text, { value: json })),
        });
        this.#notify();
      });
      socket.on('close', (code, reason) => {
        if (!this.#done) {
          transcript.close = { code, reason: reason.toString('utf8').slice(0, 200) };
          transcript.timings.closeMs = this.#elapsed();
          this.#done = true;
        }
        settled();
        this.#notify();
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (transcript.upgradeStatus !== undefined) return;
        transcript.error = {
          ...(error.code === undefined ? {} : { code: error.code }),
          message: error.message.replace(/eyJ[\w.-]+/g, '[token]').slice(0, 200),
        };
        settled();
      });
    });
  }

  /** Settled and no longer open: refused, closed by either side, or failed. */
  get finished(): boolean {
    return this.#done;
  }

  outcome(): WsOutcome {
    return classify(this.transcript, { closedByClient: this.#closedByClient });
  }

  send(text: string): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    this.#socket.send(text);
    this.transcript.frames.push({
      direction: 'out',
      atMs: this.#elapsed(),
      size: Buffer.byteLength(text),
      ...redactFrame(text),
    });
  }

  /** The first received message (already received or coming) that matches; undefined on close or timeout. */
  async waitFor(
    predicate: (message: WsMessage) => boolean,
    timeoutMs = this.#timeoutMs,
  ): Promise<WsMessage | undefined> {
    // Each message is looked at once: long sessions stay linear.
    let scanned = 0;
    return this.#until(() => {
      for (; scanned < this.messages.length; scanned++) {
        const message = this.messages[scanned] as WsMessage;
        if (predicate(message)) return message;
      }
      return undefined;
    }, timeoutMs);
  }

  /** The close (or refusal); undefined if still open after the timeout. */
  async waitForClose(
    timeoutMs = this.#timeoutMs,
  ): Promise<WsTranscript['close'] | { code: 0; reason: string } | undefined> {
    return this.#until(
      () =>
        this.#done ? (this.transcript.close ?? { code: 0, reason: 'refused or failed before opening' }) : undefined,
      timeoutMs,
      true,
    );
  }

  #until<T>(check: () => T | undefined, timeoutMs: number, ignoreDone = false): Promise<T | undefined> {
    const now = check();
    if (now !== undefined || (this.#done && !ignoreDone)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const listener = () => {
        const value = check();
        if (value !== undefined || (this.#done && !ignoreDone)) finish(value);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const finish = (value: T | undefined) => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve(value);
      };
      this.#listeners.add(listener);
    });
  }

  /** Closes from the client side (1000) and waits for the close handshake, bounded. */
  async close(): Promise<void> {
    if (this.#done) return;
    this.#closedByClient = true;
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.close(1000, 'done');
    else this.#socket.terminate();
    if ((await this.waitForClose(1000)) === undefined) this.#socket.terminate();
  }
}

/** Where the credential goes for each mode. */
function handshake(options: WsConnectOptions): { url: string; headers: Record<string, string>; protocols: string[] } {
  const { mode, token, settings } = options;
  if (mode !== 'none' && token === undefined) throw new WsUsageError(`mode ${mode} needs a token`);
  const headers: Record<string, string> = {};
  if (options.origin !== undefined) headers['origin'] = options.origin;
  const url = new URL(options.url);
  const protocols: string[] = [];
  if (mode === 'header') headers['authorization'] = `Bearer ${token}`;
  if (mode === 'protocol') protocols.push(settings.protocolMarker, token ?? '');
  if (mode === 'query') url.searchParams.set(settings.queryParam, token ?? '');
  if (mode === 'cookie') headers['cookie'] = `${settings.cookie}=${token}`;
  return { url: url.toString(), headers, protocols };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
