/**
 * Progress: runs done, ETA and simulated events/s on stderr. On a terminal, a progress bar
 * with percentage and ETA (cli-progress: redrawn in place, cut to the terminal's width);
 * elsewhere (CI logs, pipes), a plain line at most every `plainEveryMs`, so a long sweep
 * shows it is alive without flooding the log, and the final state once.
 */
import { SingleBar } from 'cli-progress';

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

export class Progress {
  private readonly now: () => number;
  private readonly start: number;
  private readonly plainEveryMs: number;
  /** The terminal's bar; null when the stream is not a terminal. */
  private readonly bar: SingleBar | null;
  private done = 0;
  private failed = 0;
  private events = 0;
  private lastDraw = -Infinity;
  /** `done` when the last plain line was written, so the final state is never written twice. */
  private lastWritten = -1;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.plainEveryMs = options.plainEveryMs ?? 5000;
    this.bar = options.stream.isTTY === true ? this.startBar() : null;
  }

  /** A task ended; `events` is what it simulated (0 when it failed). */
  tick(events: number, failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    this.events += events;
    const t = this.now();
    if (this.bar) return this.bar.update(this.done, this.payload(t));
    if (t - this.lastDraw < this.plainEveryMs) return;
    this.lastDraw = t;
    this.writePlain(this.line(t));
  }

  /** The last state, on a line of its own (once: a plain line already showing it is not repeated). */
  finish(note = ''): void {
    const t = this.now();
    if (this.bar) {
      this.bar.update(this.done, this.payload(t));
      this.bar.stop();
      if (note) this.options.stream.write(`${this.options.label}: ${note}\n`);
      return;
    }
    if (this.lastWritten === this.done && !note) return;
    this.writePlain(this.line(t) + (note ? ` — ${note}` : ''));
  }

  private startBar(): SingleBar {
    const bar = new SingleBar({
      format: `${this.options.label} {bar} {percentage}% | {value}/{total} runs{failed} | {rate} | {remaining}`,
      stream: this.options.stream as NodeJS.WritableStream,
      barsize: 24,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: false,
      // The bar is redrawn on its own timer too, so the ETA and rate move between runs.
      fps: 5,
    });
    bar.start(this.options.total, 0, this.payload(this.start));
    return bar;
  }

  private payload(t: number): { failed: string; rate: string; remaining: string } {
    const seconds = (t - this.start) / 1000;
    return {
      failed: this.failed > 0 ? `, ${this.failed} failed` : '',
      rate: seconds > 0 && this.events > 0 ? `${formatRate(this.events / seconds)} events/s` : '– events/s',
      remaining: this.eta(seconds),
    };
  }

  private eta(seconds: number): string {
    const { total } = this.options;
    if (this.done < total && this.done > 0) return `ETA ${formatDuration((seconds / this.done) * (total - this.done))}`;
    return this.done === 0 ? 'ETA –' : `${formatDuration(seconds)} elapsed`;
  }

  private writePlain(line: string): void {
    this.lastWritten = this.done;
    this.options.stream.write(`${line}\n`);
  }

  private line(t: number): string {
    const { label, total } = this.options;
    const seconds = (t - this.start) / 1000;
    const p = this.payload(t);
    const pct = total > 0 ? Math.floor((100 * this.done) / total) : 100;
    const parts = [`${label}: ${this.done}/${total} runs (${pct}%)${p.failed}`];
    if (seconds > 0 && this.events > 0) parts.push(p.rate);
    parts.push(this.eta(seconds));
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
