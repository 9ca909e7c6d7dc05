/**
 * Progress: runs done, ETA and simulated events/s on stderr. On a terminal, one line
 * redrawn in place (at most every REDRAW_MS); elsewhere (CI logs), a plain line at most
 * every `plainEveryMs`, so a long sweep shows it is alive without flooding the log.
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  label: string;
  /** Tasks this session will run. */
  total: number;
  stream: ProgressStream;
  /** Milliseconds since some fixed origin (injected for tests). */
  now?: () => number;
  plainEveryMs?: number;
}

const REDRAW_MS = 100;

export class Progress {
  private readonly now: () => number;
  private readonly start: number;
  private readonly tty: boolean;
  private readonly plainEveryMs: number;
  private done = 0;
  private failed = 0;
  private events = 0;
  private lastDraw = -Infinity;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.tty = options.stream.isTTY === true;
    this.plainEveryMs = options.plainEveryMs ?? 5000;
  }

  /** A task ended; `events` is what it simulated (0 when it failed). */
  tick(events: number, failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    this.events += events;
    const t = this.now();
    if (t - this.lastDraw < (this.tty ? REDRAW_MS : this.plainEveryMs)) return;
    this.lastDraw = t;
    this.options.stream.write(this.tty ? `\r\x1b[K${this.line(t)}` : `${this.line(t)}\n`);
  }

  /** The last state, on a line of its own. */
  finish(note = ''): void {
    const line = this.line(this.now()) + (note ? ` — ${note}` : '');
    this.options.stream.write(this.tty ? `\r\x1b[K${line}\n` : `${line}\n`);
  }

  private line(t: number): string {
    const { label, total } = this.options;
    const seconds = (t - this.start) / 1000;
    const parts = [`${label}: ${this.done}/${total} runs`];
    if (this.failed > 0) parts.push(`${this.failed} failed`);
    if (seconds > 0 && this.events > 0) parts.push(`${formatRate(this.events / seconds)} events/s`);
    if (this.done < total && this.done > 0) parts.push(`ETA ${formatDuration((seconds / this.done) * (total - this.done))}`);
    else parts.push(`${formatDuration(seconds)} elapsed`);
    return parts.join(', ');
  }
}

function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k`;
  return perSecond.toFixed(0);
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
