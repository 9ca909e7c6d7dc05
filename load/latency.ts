/**
 * LatencyRecorder: the outcome of every request of a load test, as HDR histograms of latency
 * from each request's intended send time (one for the measured part of the test, one per
 * second of the schedule), plus counts of answers, errors and timeouts. Requests are filed
 * by the second they were due, not the one they ended in, so every second of the schedule
 * accounts for exactly its own requests and the test has no drain second after its end.
 * Requests due during the warm-up are kept per second but left out of the measured totals
 * that gates check. Latencies are kept in microseconds.
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

/** One second of a load test's schedule: the requests due in it and how they ended. Latencies in ms; null when nothing answered. */
export interface SecondRow {
  second: number;
  /** Seconds of the schedule this row covers: 1, less for the last second of a test whose schedule ends mid-second. */
  span: number;
  /** Whether the second lies in the warm-up (not gated). */
  warmup: boolean;
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

/** Steps per halving of the distance to 100% in distribution(). */
const DISTRIBUTION_TICKS = 4;

/** A point of the latency distribution: `percentile` of measured requests took at most `ms`. */
export interface LatencyQuantile {
  percentile: number;
  ms: number;
}

/** Outcomes of the measured requests (those due after the warm-up). */
export interface MeasuredCounts {
  ok: number;
  errors: number;
  timeouts: number;
}

export class LatencyRecorder {
  /** Latencies of the measured requests: what the percentiles and gates read. */
  readonly overall = hdr.build({ numberOfSignificantValueDigits: 3, highestTrackableValue: HIGHEST_US, autoResize: false });
  readonly measured: MeasuredCounts = { ok: 0, errors: 0, timeouts: 0 };
  private readonly seconds: Second[] = [];
  private maxUs = 0;
  private sum = 0;

  /**
   * `rate`: requests per second of the schedule (request i is due in second ⌊i / rate⌋);
   * `warmupRequests`: how many of the first requests are warm-up; `total`: the schedule's length.
   */
  constructor(
    private readonly rate: number,
    private readonly warmupRequests: number,
    private readonly total: number,
  ) {}

  /** Request i became due. */
  due(i: number): void {
    this.at(i).due++;
  }

  /** Request i answered, `latencyUs` after its intended send time. */
  ok(i: number, latencyUs: number): void {
    this.record(i, latencyUs).ok++;
    if (i >= this.warmupRequests) this.measured.ok++;
  }

  /** Request i given up after its timeout: recorded at its full wait, so stalls raise the percentiles instead of vanishing. */
  timeout(i: number, latencyUs: number): void {
    this.record(i, latencyUs).timeouts++;
    if (i >= this.warmupRequests) this.measured.timeouts++;
  }

  error(i: number): void {
    this.at(i).errors++;
    if (i >= this.warmupRequests) this.measured.errors++;
  }

  summary(): LatencySummary {
    const h = this.overall;
    if (h.totalCount === 0) return { p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
    const ms = (us: number) => us / 1000;
    return {
      p50: ms(this.valueAt(50)),
      p90: ms(this.valueAt(90)),
      p99: ms(this.valueAt(99)),
      p999: ms(this.valueAt(99.9)),
      max: ms(this.maxUs),
      mean: ms(this.sum / h.totalCount),
    };
  }

  rows(): SecondRow[] {
    const scheduleSeconds = this.total / this.rate;
    const warmupSeconds = this.warmupRequests / this.rate;
    return this.seconds.map((s, second) => {
      const n = s.hist.totalCount;
      const pct = (p: number) => (n === 0 ? null : s.hist.getValueAtPercentile(p) / 1000);
      const span = Math.min(1, scheduleSeconds - second);
      return {
        second,
        span: +span.toFixed(6),
        warmup: second < warmupSeconds,
        due: s.due,
        ok: s.ok,
        errors: s.errors,
        timeouts: s.timeouts,
        p50Ms: pct(50),
        p90Ms: pct(90),
        p99Ms: pct(99),
        maxMs: n === 0 ? null : s.maxUs / 1000,
      };
    });
  }

  /**
   * The measured latency distribution as HdrHistogram plots it: (percentile, ms) at levels
   * that halve the distance to 100% every DISTRIBUTION_TICKS steps (50%, 75%, 87.5%, … with
   * steps between), up to the level a single request decides, then the maximum.
   */
  distribution(): LatencyQuantile[] {
    const h = this.overall;
    const n = h.totalCount;
    if (n === 0) return [];
    const out: LatencyQuantile[] = [];
    for (let k = 0; ; k++) {
      const percentile = 100 * (1 - Math.pow(2, -k / DISTRIBUTION_TICKS));
      if (100 - percentile < 100 / n) break;
      out.push({ percentile: +percentile.toFixed(6), ms: this.valueAt(percentile) / 1000 });
    }
    out.push({ percentile: 100, ms: this.maxUs / 1000 });
    return out;
  }

  /**
   * The measured latency at a percentile, µs. A histogram answers with the top of the value's
   * bucket (within 0.1%), which can lie just above the exact maximum: capped at it.
   */
  private valueAt(percentile: number): number {
    return Math.min(this.overall.getValueAtPercentile(percentile), this.maxUs);
  }

  /** The whole test's histogram in the HdrHistogram compressed form, for tools that merge or re-plot it. */
  encoded(): string {
    return hdr.encodeIntoCompressedBase64(this.overall);
  }

  private record(i: number, latencyUs: number): Second {
    const us = Math.min(HIGHEST_US, Math.max(1, Math.round(latencyUs)));
    const s = this.at(i);
    s.hist.recordValue(us);
    if (us > s.maxUs) s.maxUs = us;
    if (i >= this.warmupRequests) {
      this.overall.recordValue(us);
      if (us > this.maxUs) this.maxUs = us;
      this.sum += us;
    }
    return s;
  }

  /** Request i's second; by index, not time: t0 + i·interval − t0 may round just below a whole second. */
  private at(i: number): Second {
    const second = Math.floor(i / this.rate);
    while (this.seconds.length <= second) {
      const hist = hdr.build({ numberOfSignificantValueDigits: 2, highestTrackableValue: HIGHEST_US, autoResize: false });
      this.seconds.push({ hist, due: 0, ok: 0, errors: 0, timeouts: 0, maxUs: 0 });
    }
    return this.seconds[second];
  }
}
