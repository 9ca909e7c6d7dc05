/**
 * Durations as users write them: `500ms`, `90s`, `30m`, `2h`, or a plain number of seconds.
 * One grammar for every flag and field that takes one (run timeouts, serve's timeouts, load's
 * duration and warm-up); each caller keeps its own bounds and message.
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/;

/** The duration in milliseconds (not rounded), or null if `text` is not one. */
export function durationMs(text: string): number | null {
  const m = DURATION.exec(text);
  return m ? Number(m[1]) * UNITS[m[2] ?? 's'] : null;
}

/** The shortest way to write a whole number of ms (`2h`, `90s`, `1500ms`). */
export function formatDurationMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
