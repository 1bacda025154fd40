import { redactHeaders, redactUrl } from '../redact/redact-headers';
import type { Scrubber } from '../redact/scrubber';
import { tokenTag } from '../redact/token-tag';
import type { WsAuthMode } from '../env/ws-config';

/**
 * What happened on one connection, fit for a report: credentials are redacted when recorded (header values, the
 * offered protocols, the query parameter, token-like JSON fields), and the whole text passes a scrubber too.
 */
export interface WsFrame {
  readonly direction: 'in' | 'out';
  /** Milliseconds since the connection attempt started. */
  readonly atMs: number;
  readonly size: number;
  /** The JSON `type` field, if the frame is a JSON object that has one. */
  readonly type?: string;
  /** The frame's text, token fields redacted, cut at 500 characters. */
  readonly preview: string;
}

export interface WsTranscript {
  readonly label: string;
  readonly mode: WsAuthMode | 'none';
  readonly url: string;
  readonly requestHeaders: Record<string, string>;
  /** Set when the upgrade was refused with an HTTP response. */
  upgradeStatus?: number;
  upgradeHeaders?: Record<string, string>;
  upgradeBody?: string;
  opened: boolean;
  /** The subprotocol the server selected. */
  protocol?: string;
  readonly frames: WsFrame[];
  close?: { code: number; reason: string };
  /** Network-level failure (ECONNREFUSED, timeout, ...), message without values. */
  error?: { code?: string; message: string };
  readonly timings: { startedAt: string; openMs?: number; firstFrameMs?: number; closeMs?: number };
}

const TOKEN_FIELDS = /^(token|access_token|accessToken|id_token|refresh_token|jwt|authorization|password)$/i;

export function newTranscript(input: {
  label: string;
  mode: WsAuthMode | 'none';
  url: string;
  headers: Record<string, string>;
}): WsTranscript {
  return {
    label: input.label,
    mode: input.mode,
    url: redactUrl(input.url),
    requestHeaders: redactHeaders(input.headers),
    opened: false,
    frames: [],
    timings: { startedAt: new Date().toISOString() },
  };
}

/** A frame's text with token-like JSON fields replaced by tags (the whole text is scrubbed again at the sink). */
export function redactFrame(text: string, json?: { value: unknown }): { type?: string; preview: string } {
  let parsed: unknown;
  try {
    parsed = json === undefined ? JSON.parse(text) : json.value;
  } catch {
    return { preview: text.slice(0, 500) };
  }
  if (json !== undefined && parsed === undefined) return { preview: text.slice(0, 500) };
  const redacted = JSON.stringify(redactFields(parsed));
  const type =
    typeof parsed === 'object' && parsed !== null && typeof (parsed as Record<string, unknown>).type === 'string'
      ? ((parsed as Record<string, unknown>).type as string)
      : undefined;
  return { ...(type === undefined ? {} : { type }), preview: redacted.slice(0, 500) };
}

function redactFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFields);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      TOKEN_FIELDS.test(key) && typeof field === 'string' ? tokenTag(field) : redactFields(field),
    ]),
  );
}

/** The transcript as text for an attachment, through the run's scrubber. */
export function transcriptText(transcripts: readonly WsTranscript[], scrubber?: Scrubber): string {
  const text = JSON.stringify(transcripts, null, 2);
  return scrubber === undefined ? text : scrubber.scrub(text);
}
