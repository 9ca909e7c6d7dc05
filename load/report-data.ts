/**
 * buildLoadSection: what the HTML report shows of a load test, as plain data: headline
 * numbers, per-second series (latency percentiles over time; throughput against the
 * target rate; errors and timeouts), the measured latency distribution (an HDR percentile
 * plot) and the load gates. reports/ renders it.
 */
import type { LoadGateResult } from './gates';
import type { LatencyQuantile } from './latency';
import type { LoadFile } from './output';

export interface LoadHeadline {
  label: string;
  value: number | null;
  unit: 'ms' | 'req/s' | 'share';
}

export interface LoadSection {
  /** The scenario whose traffic was replayed, and when and where the test ran. */
  scenario: string;
  meta: LoadFile['meta'];
  /** e.g. "500 req/s for 10 s against http://127.0.0.1:8080, 16 connections". */
  title: string;
  headline: LoadHeadline[];
  /** Seconds of warm-up at the start of the series (shaded, not gated). */
  warmupSeconds: number;
  series: {
    second: number[];
    /** Seconds of the schedule each row covers (less than 1 only for a last partial second): rates are counts / span. */
    span: number[];
    /** Requests due each second: the target rate. */
    targetRate: number[];
    /** Good answers each second. */
    throughput: number[];
    errors: number[];
    timeouts: number[];
    p50Ms: Array<number | null>;
    p90Ms: Array<number | null>;
    p99Ms: Array<number | null>;
    maxMs: Array<number | null>;
  };
  /** The measured requests' latency by percentile, from the HDR histogram. */
  distribution: LatencyQuantile[];
  gates: LoadGateResult[];
  /** Caveats a reader needs (the driver fell behind, sample errors). */
  notes: string[];
}

/** Lateness of the driver itself worth a note: latencies include it. */
const LAG_NOTE_MS = 10;

export function buildLoadSection(file: LoadFile): LoadSection {
  const r = file.result;
  const rows = r.perSecond;
  const notes: string[] = [];
  if (r.maxSendLagMs > LAG_NOTE_MS) {
    notes.push(`The driver sent some requests up to ${r.maxSendLagMs.toFixed(1)} ms after their intended time (it was short of CPU); latencies include that lag.`);
  }
  if (r.warmupMs > 0) {
    const w = r.warmup;
    notes.push(`The first ${r.warmupMs / 1000} s (${w.requests} requests: ${w.errors} errors, ${w.timeouts} timeouts) were warm-up: shaded in the charts, left out of the figures above and the gates.`);
  }
  if (r.errors + r.timeouts > 0) notes.push(`${r.errors} errors and ${r.timeouts} timeouts of ${r.requests} requests; first errors: ${r.errorSamples.join('; ') || '(timeouts only)'}.`);
  return {
    scenario: file.scenario,
    meta: file.meta,
    title: `${r.rate} req/s for ${r.durationMs / 1000} s${r.warmupMs > 0 ? ` after ${r.warmupMs / 1000} s of warm-up` : ''} against ${r.url}, ${r.concurrency} connection${r.concurrency === 1 ? '' : 's'}`,
    headline: [
      { label: 'p50 latency', value: r.latencyMs.p50, unit: 'ms' },
      { label: 'p90 latency', value: r.latencyMs.p90, unit: 'ms' },
      { label: 'p99 latency', value: r.latencyMs.p99, unit: 'ms' },
      { label: 'p99.9 latency', value: r.latencyMs.p999, unit: 'ms' },
      { label: 'max latency', value: r.latencyMs.max, unit: 'ms' },
      { label: 'throughput', value: r.throughput, unit: 'req/s' },
      { label: 'target rate', value: r.rate, unit: 'req/s' },
      { label: 'error rate', value: r.errorRate, unit: 'share' },
      { label: 'timeout rate', value: r.timeoutRate, unit: 'share' },
    ],
    warmupSeconds: r.warmupMs / 1000,
    series: {
      second: rows.map((x) => x.second),
      span: rows.map((x) => x.span),
      targetRate: rows.map((x) => x.due),
      throughput: rows.map((x) => x.ok),
      errors: rows.map((x) => x.errors),
      timeouts: rows.map((x) => x.timeouts),
      p50Ms: rows.map((x) => x.p50Ms),
      p90Ms: rows.map((x) => x.p90Ms),
      p99Ms: rows.map((x) => x.p99Ms),
      maxMs: rows.map((x) => x.maxMs),
    },
    distribution: r.latencyDistribution,
    gates: file.gates,
    notes,
  };
}
