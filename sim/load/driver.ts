/**
 * runOpenLoop: a constant-arrival-rate load driver (as wrk2 and k6's constant-arrival-rate).
 * Request i is due at start + i / rate whatever happened to earlier ones; its latency is
 * measured from that intended time, so a service that stalls (and the queue that builds
 * behind it) shows in the percentiles instead of slowing the driver down (no coordinated
 * omission). At most `concurrency` requests are on the wire; the rest wait their turn,
 * their wait counted as latency. Requests go only to `url`.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
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

export function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  checkOptions(o);
  const total = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
  const interval = 1000 / o.rate;
  const base = new URL(o.url);
  const prefix = base.pathname.replace(/\/+$/, '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency, maxFreeSockets: o.concurrency });
  const rec = new LatencyRecorder();
  const errorSamples: string[] = [];
  let ok = 0;
  let errors = 0;
  let timeouts = 0;
  let done = 0;
  let next = 0;
  let maxLag = 0;
  let lastSend = 0;
  let lastAnswer = 0;
  const t0 = performance.now();
  const second = (t: number) => Math.max(0, Math.floor((t - t0) / 1000));

  return new Promise((resolve) => {
    const finish = () => {
      agent.destroy();
      clearInterval(progress);
      const sendWindow = lastSend - t0 + interval;
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
        sendRate: (total * 1000) / sendWindow,
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
    const progress = setInterval(() => o.onProgress?.(next, done, total), 1000);

    const fail = (at: number, message: string) => {
      errors++;
      rec.error(second(at));
      if (errorSamples.length < MAX_ERROR_SAMPLES && !errorSamples.includes(message)) errorSamples.push(message);
    };

    const send = (i: number) => {
      const intended = t0 + i * interval;
      const now = performance.now();
      if (now - intended > maxLag) maxLag = now - intended;
      lastSend = now;
      rec.due(second(intended));
      const { path, body } = o.request(i);
      let settled = false;
      /** A request's first outcome counts (not, say, the error its timeout's destroy() raises). */
      const settle = (t: number, outcome: 'ok' | 'timeout' | 'error', detail = '') => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (outcome === 'ok') {
          ok++;
          lastAnswer = t;
          rec.ok(second(t), (t - intended) * 1000);
        } else if (outcome === 'timeout') {
          timeouts++;
          rec.timeout(second(t), (t - intended) * 1000);
        } else fail(t, detail);
        if (++done === total) finish();
      };
      const req = http.request({
        host: base.hostname,
        port: base.port || 80,
        path: prefix + path,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      });
      const timer = setTimeout(() => {
        settle(performance.now(), 'timeout');
        req.destroy();
      }, Math.max(0, intended + o.timeoutMs - now));
      req.on('error', (e: NodeJS.ErrnoException) => settle(performance.now(), 'error', e.code ?? e.message));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => {});
        // After 'end' this changes nothing; before it, the service went away mid-answer.
        res.on('close', () => settle(performance.now(), 'error', 'connection closed mid-answer'));
        res.on('end', () => {
          const t = performance.now();
          const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) settle(t, 'error', `HTTP ${res.statusCode}: ${text.slice(0, ERROR_BODY_CHARS)}`);
          else if (o.valid && !o.valid(text)) settle(t, 'error', `malformed answer: ${text.slice(0, ERROR_BODY_CHARS)}`);
          else settle(t, 'ok');
        });
      });
      req.end(body);
    };

    // Sends every request already due, then sleeps until the next; the last millisecond is
    // waited out with setImmediate, since timers fire late by about that much.
    const pump = () => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) send(next++);
      if (next >= total) return;
      const wait = t0 + next * interval - performance.now();
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
