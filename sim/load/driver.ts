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
import { Connection, type Outcome } from '../../policies/http/connection';
import { LatencyRecorder, type LatencySummary, type SecondRow } from './latency';

export interface OpenLoopOptions {
  /** Base URL of the service; every request goes to it. */
  url: string;
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** Connections (requests on the wire at once). */
  concurrency: number;
  /** A request not answered this long after its intended time is a timeout. */
  timeoutMs: number;
  /** Path (under url) and JSON body of request i, built when it is sent. */
  request(i: number): { path: string; body: string };
  /** Called once request i (sent) is answered, fails or times out. */
  done?(i: number): void;
  /** Whether a 200 answer's body is a good answer (default: any). */
  valid?(body: string): boolean;
  /** Called about once a second with the requests sent and answered so far. */
  onProgress?(sent: number, done: number, total: number): void;
}

export interface OpenLoopResult {
  url: string;
  rate: number;
  durationMs: number;
  concurrency: number;
  timeoutMs: number;
  /** Requests the schedule held (rate × duration). */
  requests: number;
  ok: number;
  errors: number;
  timeouts: number;
  /** Requests sent per second over the send window: how well the driver kept the schedule. */
  sendRate: number;
  /** Good answers per second, from start to the last answer. */
  throughput: number;
  /** (errors + timeouts) / requests. */
  errorRate: number;
  timeoutRate: number;
  /** Latency from intended send time, ms: good answers and timeouts (at their full wait). */
  latencyMs: LatencySummary;
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
  /** Intended send time of the request in flight. */
  intended: number;
  /** Its index. */
  index: number;
}

export function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  checkOptions(o);
  const total = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
  const interval = 1000 / o.rate;
  const base = new URL(o.url);
  const prefix = base.pathname.replace(/\/+$/, '');
  const hostHeader = base.host;
  const rec = new LatencyRecorder();
  const errorSamples: string[] = [];
  let ok = 0;
  let errors = 0;
  let timeouts = 0;
  let done = 0;
  /** Requests [queued, due) are due and wait for a connection, in order; [due, total) are not due yet. */
  let due = 0;
  let queued = 0;
  let maxLag = 0;
  let lastDue = 0;
  let lastAnswer = 0;
  const t0 = performance.now();
  const intendedAt = (i: number) => t0 + i * interval;
  const second = (t: number) => Math.max(0, Math.floor((t - t0) / 1000));

  return new Promise((resolve) => {
    const slots = new Map<Connection, Slot>();
    const idle: Connection[] = [];

    const finish = () => {
      clearInterval(sweeper);
      clearInterval(progress);
      for (const c of slots.keys()) c.abandon();
      resolve({
        url: o.url,
        rate: o.rate,
        durationMs: o.durationMs,
        concurrency: o.concurrency,
        timeoutMs: o.timeoutMs,
        requests: total,
        ok,
        errors,
        timeouts,
        sendRate: (total * 1000) / (lastDue - t0 + interval),
        throughput: ok === 0 ? 0 : (ok * 1000) / (lastAnswer - t0),
        errorRate: (errors + timeouts) / total,
        timeoutRate: timeouts / total,
        latencyMs: rec.summary(),
        maxSendLagMs: maxLag,
        perSecond: rec.rows(),
        errorSamples,
        histogram: rec.encoded(),
      });
    };
    const count = () => {
      if (++done === total) finish();
    };
    const timedOut = (intended: number, t: number) => {
      timeouts++;
      rec.timeout(second(t), (t - intended) * 1000);
      count();
    };

    const answered = (conn: Connection, outcome: Outcome) => {
      const slot = slots.get(conn)!;
      const t = performance.now();
      o.done?.(slot.index);
      let error: string | null = null;
      if (!outcome.ok) error = outcome.error;
      else if (outcome.status !== 200) error = `HTTP ${outcome.status}: ${outcome.body.slice(0, ERROR_BODY_CHARS)}`;
      else if (o.valid && !o.valid(outcome.body)) error = `malformed answer: ${outcome.body.slice(0, ERROR_BODY_CHARS)}`;
      if (error === null) {
        ok++;
        lastAnswer = t;
        rec.ok(second(t), (t - slot.intended) * 1000);
      } else {
        errors++;
        rec.error(second(t));
        if (errorSamples.length < MAX_ERROR_SAMPLES && !errorSamples.includes(error)) errorSamples.push(error);
      }
      idle.push(conn);
      count();
      dispatch();
    };

    for (let k = 0; k < o.concurrency; k++) {
      const conn = new Connection(base.hostname, Number(base.port) || 80, answered);
      slots.set(conn, { conn, intended: 0, index: -1 });
      idle.push(conn);
    }

    /** Puts waiting requests on idle connections, oldest first. */
    const dispatch = () => {
      while (idle.length > 0 && queued < due) {
        const conn = idle.pop()!;
        const i = queued++;
        const slot = slots.get(conn)!;
        slot.intended = intendedAt(i);
        slot.index = i;
        const { path, body } = o.request(i);
        conn.send(Connection.request('POST', prefix + path, hostHeader, body));
      }
    };

    // Timeouts are found by a sweep rather than a timer per request: requests wait and fly in
    // order of intended time, so only the oldest waiting ones and the ones in flight need a look.
    const sweeper = setInterval(() => {
      const t = performance.now();
      while (queued < due && t >= intendedAt(queued) + o.timeoutMs) timedOut(intendedAt(queued++), t);
      for (const slot of slots.values()) {
        if (slot.conn.busy && t >= slot.intended + o.timeoutMs) {
          slot.conn.abandon();
          idle.push(slot.conn);
          o.done?.(slot.index);
          timedOut(slot.intended, t);
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
        // By index, not time: t0 + i·interval − t0 may round just below a whole second.
        rec.due(Math.floor(due / o.rate));
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
  positive(o.timeoutMs, 'timeoutMs');
  if (!Number.isSafeInteger(o.concurrency) || o.concurrency < 1) throw new Error(`runOpenLoop: options.concurrency must be a positive integer (got ${o.concurrency})`);
  const u = new URL(o.url);
  if (u.protocol !== 'http:') throw new Error(`runOpenLoop: options.url must be an http:// URL (got ${o.url})`);
}
