import type { LogSourceConfig } from '../env/evidence-keys';
import type { RequestMarker } from '../http/request-marker';
import { causeFromReason, type ReasonCause } from '../diagnosis/passive/server-reason';
import type { Scrubber } from '../redact/scrubber';
import { logWindow, placeholderValues } from './log-window';
import { readLogSource } from './read-log-source';
import { selectLogLines } from './select-log-lines';

/** What the backend's own logs said about one request; lines are scrubbed. */
export interface BackendLogEvidence {
  readonly source: string;
  readonly window: { readonly startIso: string; readonly endIso: string };
  readonly requestId?: string | undefined;
  /** How the lines were picked: by the request's marker, by time, or none found. */
  readonly selectedBy: 'marker' | 'time' | 'none';
  readonly lines: readonly string[];
  readonly truncated: boolean;
  /** The line that names a cause, and the cause. */
  readonly cause?: { readonly cause: ReasonCause; readonly line: string } | undefined;
  /** Why no line could be read (the source failed, hung, printed too much): an evidence note, not a crash. */
  readonly failure?: string | undefined;
}

/**
 * Which cause wins when several lines name one: a runtime that never loaded its verifier explains everything after it;
 * a token the backend never received comes next; then what the verifier says, most specific first.
 */
const CAUSE_ORDER: readonly ReasonCause[] = [
  'library-not-loaded',
  'credential-not-received',
  'token-type',
  'audience',
  'issuer',
  'algorithm',
  'unknown-key',
  'signature',
  'not-yet-valid',
  'expired',
  'required-claim',
  'malformed',
];

export interface BackendLogRequest {
  readonly marker?: RequestMarker | undefined;
  /** Wall-clock send time (epoch ms) and how long the answer took. */
  readonly sentAtMs: number;
  readonly durationMs: number;
}

/** Reads the declared log source for one request, bounded, scrubbed, and names the cause its lines give. Never throws. */
export async function readBackendLog(
  log: LogSourceConfig,
  request: BackendLogRequest,
  tools: { scrubber: Scrubber; env: Readonly<Record<string, string | undefined>> },
): Promise<BackendLogEvidence> {
  const window = logWindow(request.sentAtMs, request.durationMs, log.windowMs);
  const values = placeholderValues(window, request.marker);
  const base = {
    window: { startIso: values.startIso, endIso: values.endIso },
    requestId: request.marker?.requestId,
  };
  const read = await readLogSource(log, values, tools.env).catch(() => undefined);
  if (!read || !read.ok)
    return {
      ...base,
      source: read?.source ?? 'TARGET_LOG',
      selectedBy: 'none',
      lines: [],
      truncated: false,
      failure: tools.scrubber.scrub(read?.failure ?? 'the log source could not be read'),
    };
  const scrubbed = tools.scrubber.scrub(read.text);
  const selected = selectLogLines(scrubbed, { marker: request.marker, window, windowed: read.windowed });
  return {
    ...base,
    source: read.source,
    selectedBy: selected.by,
    lines: selected.lines,
    truncated: read.truncated,
    cause: causeInLines(selected.lines),
  };
}

export function causeInLines(lines: readonly string[]): { cause: ReasonCause; line: string } | undefined {
  let best: { cause: ReasonCause; line: string } | undefined;
  for (const line of lines) {
    const cause = causeFromReason(line);
    if (cause && (!best || CAUSE_ORDER.indexOf(cause) < CAUSE_ORDER.indexOf(best.cause))) best = { cause, line };
  }
  return best;
}
