/**
 * runOpenLoop: a constant-arrival-rate load driver (as wrk2 and k6's constant-arrival-rate).
 * Request i is due at start + i / rate whatever happened to earlier ones; its latency is
 * measured from that intended time, so a service that stalls (and the queue that builds
 * behind it) shows in the percentiles instead of slowing the driver down (no coordinated
 * omission). At most `concurrency` requests are on the wire, one per keep-alive
 * connection; due requests wait their turn in order, their wait counted as latency.
 * Requests go only to `url`.
 */
import { performance } from 'node:perf_hooks';
import { Connection, type Outcome } from '../policies/http/connection';
import { LatencyRecorder, type LatencyQuantile, type LatencySummary, type SecondRow } from './latency';

export interface OpenLoopOptions {
  /** Base URL of the service; every request goes to it. */
  url: string;
  /** Requests per second. */
  rate: number;
  /** The measured part of the test, after the warm-up. */
  durationMs: number;
  /** Sent before the measured part at the same rate, left out of the totals and percentiles (default 0). */
  warmupMs?: number;
  /** Connections (requests on the wire at once). */
  concurrency: number;
  /** A request not answered this long after its intended time is a timeout. */
  timeoutMs: number;
  /** Path (under url) and JSON body of request i, built when it is sent. */
  request(i: number): { path: string; body: string };
  /** Called once request i (sent) is answered, fails or times out. */
  done?(i: number): void;
  /** Whether a 200 answer's body is a good answer to request `index` (default: any). */
  valid?(body: string, index: number): boolean;
  /** Called about once a second with the requests sent and answered so far. */
  onProgress?(sent: number, done: number, total: number): void;
}

/**
 * The totals, rates and latencies are of the measured requests (due after the warm-up): what
 * load gates check. perSecond covers the whole schedule, warm-up included.
 */
export interface OpenLoopResult {
  url: string;
  rate: number;
  durationMs: number;
  warmupMs: number;
  concurrency: number;
  timeoutMs: number;
  /** Measured requests the schedule held (rate × duration). */
  requests: number;
  ok: number;
  errors: number;
  timeouts: number;
  /** Requests sent per second over the send window: how well the driver kept the schedule. */
  sendRate: number;
  /**
   * Good answers per second, from the end of the warm-up until the last measured request
   * settled (answered, failed or timed out): failures count in the time, never in the answers.
   */
  throughput: number;
  /** (errors + timeouts) / requests. */
  errorRate: number;
  timeoutRate: number;
  /** Latency from intended send time, ms: good answers and timeouts (at their full wait). */
  latencyMs: LatencySummary;
  /** The measured latency distribution, for an HDR percentile plot. */
  latencyDistribution: LatencyQuantile[];
  /** Requests sent during the warm-up and how they ended. */
  warmup: { requests: number; ok: number; errors: number; timeouts: number };
  /** Longest a request left after its intended time (the driver's own lateness), ms. */
  maxSendLagMs: number;
  perSecond: SecondRow[];
  /** Up to five distinct error messages, for diagnosis. */
  errorSamples: string[];
  /** The latency histogram (µs), HdrHistogram compressed base64. */
  histogram: string;
}

const MAX_ERROR_SAMPLES = 5;
const ERROR_BODY_CHARS = 100;

/** A connection and the request it carries. */
interface Slot {
  conn: Connection;
  /** The request in flight (-1: none yet). */
  index: number;
}

export function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  checkOptions(o);
  const warmupMs = o.warmupMs ?? 0;
  const warmupRequests = Math.round((o.rate * warmupMs) / 1000);
  const measuredRequests = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
  const total = warmupRequests + measuredRequests;
  const interval = 1000 / o.rate;
  const base = new URL(o.url);
  const prefix = base.pathname.replace(/\/+$/, '');
  const hostHeader = base.host;
  const rec = new LatencyRecorder(o.rate, warmupRequests, total);
  const errorSamples: string[] = [];
  let done = 0;
  /** Requests [queued, due) are due and wait for a connection, in order; [due, total) are not due yet. */
  let due = 0;
  let queued = 0;
  let maxLag = 0;
  let lastDue = 0;
  /** When the last measured request settled, whatever its outcome (the throughput window's end). */
  let lastSettled = 0;
  const t0 = performance.now();
  const intendedAt = (i: number) => t0 + i * interval;

  return new Promise((resolve) => {
    const slots = new Map<Connection, Slot>();
    const idle: Connection[] = [];

    const finish = () => {
      clearInterval(sweeper);
      clearInterval(progress);
      for (const c of slots.keys()) c.abandon();
      const { ok, errors, timeouts } = rec.measured;
      const rows = rec.rows();
      const inWarmup = (k: 'ok' | 'errors' | 'timeouts') => rows.reduce((t, r) => t + r[k], 0) - rec.measured[k];
      resolve({
        url: o.url,
        rate: o.rate,
        durationMs: o.durationMs,
        warmupMs,
        concurrency: o.concurrency,
        timeoutMs: o.timeoutMs,
        requests: measuredRequests,
        ok,
        errors,
        timeouts,
        sendRate: (total * 1000) / (lastDue - t0 + interval),
        throughput: ok === 0 ? 0 : (ok * 1000) / (lastSettled - intendedAt(warmupRequests)),
        errorRate: (errors + timeouts) / measuredRequests,
        timeoutRate: timeouts / measuredRequests,
        latencyMs: rec.summary(),
        latencyDistribution: rec.distribution(),
        warmup: { requests: warmupRequests, ok: inWarmup('ok'), errors: inWarmup('errors'), timeouts: inWarmup('timeouts') },
        maxSendLagMs: maxLag,
        perSecond: rows,
        errorSamples,
        histogram: rec.encoded(),
      });
    };
    const count = () => {
      if (++done === total) finish();
    };
    const timedOut = (i: number, t: number) => {
      if (i >= warmupRequests) lastSettled = Math.max(lastSettled, t);
      rec.timeout(i, (t - intendedAt(i)) * 1000);
      count();
    };

    const answered = (conn: Connection, outcome: Outcome) => {
      const slot = slots.get(conn)!;
      const t = performance.now();
      o.done?.(slot.index);
      let error: string | null = null;
      if (!outcome.ok) error = outcome.error;
      else if (outcome.status !== 200) error = `HTTP ${outcome.status}: ${outcome.body.slice(0, ERROR_BODY_CHARS)}`;
      else if (o.valid && !o.valid(outcome.body, slot.index)) error = `not a valid answer: ${outcome.body.slice(0, ERROR_BODY_CHARS)}`;
      if (slot.index >= warmupRequests) lastSettled = t;
      if (error === null) {
        rec.ok(slot.index, (t - intendedAt(slot.index)) * 1000);
      } else {
        rec.error(slot.index);
        if (errorSamples.length < MAX_ERROR_SAMPLES && !errorSamples.includes(error)) errorSamples.push(error);
      }
      idle.push(conn);
      count();
      dispatch();
    };

    for (let k = 0; k < o.concurrency; k++) {
      const conn = new Connection(base.hostname, Number(base.port) || 80, answered);
      slots.set(conn, { conn, index: -1 });
      idle.push(conn);
    }

    /** Puts waiting requests on idle connections, oldest first. */
    const dispatch = () => {
      while (idle.length > 0 && queued < due) {
        const conn = idle.pop()!;
        const i = queued++;
        slots.get(conn)!.index = i;
        const { path, body } = o.request(i);
        conn.send(Connection.request('POST', prefix + path, hostHeader, body));
      }
    };

    // Timeouts are found by a sweep rather than a timer per request: requests wait and fly in
    // order of intended time, so only the oldest waiting ones and the ones in flight need a look.
    const sweeper = setInterval(() => {
      const t = performance.now();
      while (queued < due && t >= intendedAt(queued) + o.timeoutMs) timedOut(queued++, t);
      for (const slot of slots.values()) {
        if (slot.conn.busy && t >= intendedAt(slot.index) + o.timeoutMs) {
          slot.conn.abandon();
          idle.push(slot.conn);
          o.done?.(slot.index);
          timedOut(slot.index, t);
        }
      }
      if (done < total) dispatch();
    }, Math.max(1, Math.min(10, o.timeoutMs / 20)));
    const progress = setInterval(() => o.onProgress?.(due, done, total), 1000);

    // Makes every request already due, then sleeps until the next; the last millisecond is
    // waited out with setImmediate, since timers fire late by about that much.
    const pump = () => {
      const now = performance.now();
      while (due < total && intendedAt(due) <= now) {
        rec.due(due);
        if (now - intendedAt(due) > maxLag) maxLag = now - intendedAt(due);
        lastDue = now;
        due++;
      }
      dispatch();
      if (due >= total) return;
      const wait = intendedAt(due) - performance.now();
      if (wait > 2) setTimeout(pump, wait - 1);
      else setImmediate(pump);
    };
    pump();
  });
}

function checkOptions(o: OpenLoopOptions): void {
  const positive = (v: number, name: string) => {
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new Error(`runOpenLoop: options.${name} must be a positive number (got ${v})`);
  };
  positive(o.rate, 'rate');
  positive(o.durationMs, 'durationMs');
  if (o.warmupMs !== undefined && !(Number.isFinite(o.warmupMs) && o.warmupMs >= 0)) throw new Error(`runOpenLoop: options.warmupMs must be 0 or more (got ${o.warmupMs})`);
  positive(o.timeoutMs, 'timeoutMs');
  if (!Number.isSafeInteger(o.concurrency) || o.concurrency < 1) throw new Error(`runOpenLoop: options.concurrency must be a positive integer (got ${o.concurrency})`);
  const u = new URL(o.url);
  if (u.protocol !== 'http:') throw new Error(`runOpenLoop: options.url must be an http:// URL (got ${o.url})`);
}
