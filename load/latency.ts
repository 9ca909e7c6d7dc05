/**
 * LatencyRecorder: the outcome of every request of a load test, as HDR histograms (one for
 * the whole test, one per second of it) of latency from each request's intended send time,
 * plus counts of errors and timeouts per second. Latencies are kept in microseconds.
 */
import * as hdr from 'hdr-histogram-js';

/** Longest latency kept exactly (an hour, in µs); longer ones are clamped to it. */
const HIGHEST_US = 3_600_000_000;

export interface LatencySummary {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  mean: number | null;
}

/** One second of a load test, by when requests ended. Latencies in ms; null when nothing answered. */
export interface SecondRow {
  second: number;
  /** Requests whose intended send time fell in this second (the target rate). */
  due: number;
  ok: number;
  errors: number;
  timeouts: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

interface Second {
  hist: hdr.Histogram;
  due: number;
  ok: number;
  errors: number;
  timeouts: number;
  maxUs: number;
}

export class LatencyRecorder {
  readonly overall = hdr.build({ numberOfSignificantValueDigits: 3, highestTrackableValue: HIGHEST_US, autoResize: false });
  private readonly seconds: Second[] = [];
  private maxUs = 0;
  private sum = 0;

  /** A request due at `second` (counted towards that second's target). */
  due(second: number): void {
    this.at(second).due++;
  }

  /** An answer, `latencyUs` after its intended send time, ending in `second`. */
  ok(second: number, latencyUs: number): void {
    this.record(second, latencyUs).ok++;
  }

  /** A request given up after its timeout: recorded at its full wait, so stalls raise the percentiles instead of vanishing. */
  timeout(second: number, latencyUs: number): void {
    this.record(second, latencyUs).timeouts++;
  }

  error(second: number): void {
    this.at(second).errors++;
  }

  summary(): LatencySummary {
    const h = this.overall;
    if (h.totalCount === 0) return { p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
    const ms = (us: number) => us / 1000;
    return {
      p50: ms(h.getValueAtPercentile(50)),
      p90: ms(h.getValueAtPercentile(90)),
      p99: ms(h.getValueAtPercentile(99)),
      p999: ms(h.getValueAtPercentile(99.9)),
      max: ms(this.maxUs),
      mean: ms(this.sum / h.totalCount),
    };
  }

  rows(): SecondRow[] {
    return this.seconds.map((s, second) => {
      const n = s.hist.totalCount;
      const pct = (p: number) => (n === 0 ? null : s.hist.getValueAtPercentile(p) / 1000);
      return { second, due: s.due, ok: s.ok, errors: s.errors, timeouts: s.timeouts, p50Ms: pct(50), p90Ms: pct(90), p99Ms: pct(99), maxMs: n === 0 ? null : s.maxUs / 1000 };
    });
  }

  /** The whole test's histogram in the HdrHistogram compressed form, for tools that merge or re-plot it. */
  encoded(): string {
    return hdr.encodeIntoCompressedBase64(this.overall);
  }

  private record(second: number, latencyUs: number): Second {
    const us = Math.min(HIGHEST_US, Math.max(1, Math.round(latencyUs)));
    this.overall.recordValue(us);
    const s = this.at(second);
    s.hist.recordValue(us);
    if (us > s.maxUs) s.maxUs = us;
    if (us > this.maxUs) this.maxUs = us;
    this.sum += us;
    return s;
  }

  private at(second: number): Second {
    while (this.seconds.length <= second) {
      const hist = hdr.build({ numberOfSignificantValueDigits: 2, highestTrackableValue: HIGHEST_US, autoResize: false });
      this.seconds.push({ hist, due: 0, ok: 0, errors: 0, timeouts: 0, maxUs: 0 });
    }
    return this.seconds[second];
  }
}
