import { causeFromReason } from '../diagnosis/passive/server-reason';
import type { RequestMarker } from '../http/request-marker';
import type { LogWindow } from './log-window';

/** At most this many lines are kept, each cut to this many characters. */
export const MAX_LINES = 200;
export const MAX_LINE_CHARS = 500;

const ISO_STAMP = /\b(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;
const EPOCH_MS_STAMP = /^\s*(1\d{12})\b/;

/** The time a log line carries (an ISO 8601 stamp, or epoch milliseconds at its start), if any. */
export function lineTime(line: string): number | undefined {
  const epoch = EPOCH_MS_STAMP.exec(line);
  if (epoch) return Number(epoch[1]);
  const iso = ISO_STAMP.exec(line);
  if (!iso?.[1]) return undefined;
  const text = iso[1].replace(' ', 'T');
  // A stamp without a zone is read as UTC: servers and log collectors mostly write UTC.
  const ms = Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The lines of one request. When some lines name its marker: those, plus any line saying the runtime could not load
 * its verifier (a start-up failure carries no request id). Otherwise the lines stamped inside the window, and when
 * the source was already narrowed to the window (a command given {startMs}/{endMs}), its unstamped lines too.
 */
export function selectLogLines(
  text: string,
  scope: { marker?: RequestMarker | undefined; window: LogWindow; windowed: boolean },
): { lines: string[]; by: 'marker' | 'time' | 'none' } {
  const { marker, window } = scope;
  const isMarked = (line: string) =>
    marker !== undefined && (line.includes(marker.requestId) || line.includes(marker.traceId));
  const inWindow = (line: string) => {
    const time = lineTime(line);
    return time === undefined ? scope.windowed : time >= window.startMs && time <= window.endMs;
  };
  const all = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (all.some(isMarked))
    return {
      lines: cap(
        all.filter((line) => isMarked(line) || (inWindow(line) && causeFromReason(line) === 'library-not-loaded')),
      ),
      by: 'marker',
    };
  const lines = all.filter(inWindow);
  return { lines: cap(lines), by: lines.length > 0 ? 'time' : 'none' };
}

function cap(lines: string[]): string[] {
  return lines
    .slice(-MAX_LINES)
    .map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line));
}
