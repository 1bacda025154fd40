import type { LogPlaceholder } from '../env/evidence-keys';
import type { RequestMarker } from '../http/request-marker';

/** The part of the backend's logs that can hold one request's lines: its send time to its answer, padded. */
export interface LogWindow {
  readonly startMs: number;
  readonly endMs: number;
}

export function logWindow(sentAtMs: number, durationMs: number, paddingMs: number): LogWindow {
  return { startMs: Math.floor(sentAtMs - paddingMs), endMs: Math.ceil(sentAtMs + durationMs + paddingMs) };
}

/** The values a log command's placeholders stand for. */
export function placeholderValues(
  window: LogWindow,
  marker: RequestMarker | undefined,
): Record<LogPlaceholder, string> {
  return {
    startIso: new Date(window.startMs).toISOString(),
    endIso: new Date(window.endMs).toISOString(),
    startMs: String(window.startMs),
    endMs: String(window.endMs),
    requestId: marker?.requestId ?? '',
    traceId: marker?.traceId ?? '',
  };
}

/** argv with `{name}` replaced in every word; each word stays one argument whatever the value holds. */
export function fillPlaceholders(argv: readonly string[], values: Readonly<Record<string, string>>): string[] {
  return argv.map((word) => word.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name] ?? whole));
}
