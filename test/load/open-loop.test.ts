/**
 * The open-loop driver: it keeps a constant arrival rate whatever the service does, and
 * measures latency from each request's intended send time, so a stall raises the
 * percentiles (the requests queued behind it count their wait) instead of vanishing.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runOpenLoop } from '../../load/driver';

const ANSWER = '{"answer":null,"restricted":[]}';

/** A service answering after `delayMs(i)` for its i-th request (-1: never). */
async function service(delayMs: (i: number) => number): Promise<{ url: string; close(): Promise<void> }> {
  let seen = 0;
  const server = http.createServer((req, res) => {
    const d = delayMs(seen++);
    req.resume();
    if (d < 0) return;
    const answer = () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(ANSWER);
    if (d === 0) answer();
    else setTimeout(answer, d);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

const request = () => ({ path: '/runs/x/events', body: '{"events":[]}' });

test('achieves the target rate within 5%', async () => {
  const s = await service(() => 0);
  try {
    const r = await runOpenLoop({ url: s.url, rate: 250, durationMs: 2000, concurrency: 8, timeoutMs: 1000, request });
    expect(r.requests).toBe(500);
    expect(r.ok).toBe(500);
    expect(r.errorRate).toBe(0);
    expect(Math.abs(r.sendRate - 250) / 250).toBeLessThan(0.05);
    expect(Math.abs(r.throughput - 250) / 250).toBeLessThan(0.05);
    expect(r.perSecond.map((x) => x.due)).toEqual([250, 250]);
  } finally {
    await s.close();
  }
});

test('a stall raises the percentiles: requests queued behind it count their wait', async () => {
  // One connection; request 50 takes 500 ms, so the ~50 due meanwhile queue behind it.
  const s = await service((i) => (i === 50 ? 500 : 0));
  try {
    const r = await runOpenLoop({ url: s.url, rate: 100, durationMs: 2000, concurrency: 1, timeoutMs: 2000, request });
    expect(r.ok).toBe(200);
    // libuv's timer clock counts whole milliseconds, so the 500 ms stall can end up to 1 ms early by performance.now().
    expect(r.latencyMs.max).toBeGreaterThanOrEqual(499);
    // A driver that waited for each answer before sending the next would see one slow request of 200 (p90 ≈ 0).
    expect(r.latencyMs.p90).toBeGreaterThan(150);
    expect(r.sendRate).toBeGreaterThan(95);
  } finally {
    await s.close();
  }
});

test('requests that time out enter the percentiles at their full wait', async () => {
  const s = await service((i) => (i >= 100 ? -1 : 0));
  try {
    const r = await runOpenLoop({ url: s.url, rate: 100, durationMs: 2000, concurrency: 4, timeoutMs: 300, request });
    expect(r.ok).toBe(100);
    expect(r.timeouts).toBe(100);
    expect(r.errorRate).toBe(0.5);
    expect(r.latencyMs.p90).toBeGreaterThanOrEqual(300);
    const last = r.perSecond[r.perSecond.length - 1];
    expect(last.timeouts).toBeGreaterThan(0);
  } finally {
    await s.close();
  }
});

test('errors are counted per second with samples, never timed', async () => {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(500).end('{"error":"boom"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const r = await runOpenLoop({ url, rate: 100, durationMs: 500, concurrency: 2, timeoutMs: 500, request });
    expect(r.errors).toBe(50);
    expect(r.errorSamples).toEqual(['HTTP 500: {"error":"boom"}']);
    expect(r.latencyMs.p50).toBeNull();
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('every request is filed under the second it was due: no drain second, a partial last second has its span', async () => {
  // Answers take 300 ms, so the last ones end after the schedule: a driver filing by end time would add a second after it.
  const s = await service(() => 300);
  try {
    const r = await runOpenLoop({ url: s.url, rate: 100, durationMs: 1500, concurrency: 64, timeoutMs: 2000, request });
    expect(r.perSecond.map((x) => [x.second, x.span, x.due])).toEqual([[0, 1, 100], [1, 0.5, 50]]);
    for (const x of r.perSecond) expect(x.ok + x.errors + x.timeouts).toBe(x.due);
    expect(r.perSecond.every((x) => x.p50Ms !== null && x.p50Ms >= 299)).toBe(true);
  } finally {
    await s.close();
  }
});

test('the warm-up is sent first and left out of the totals, percentiles and distribution', async () => {
  // The first 50 requests (the 0.5 s warm-up) take 400 ms; the measured ones are answered at once.
  const s = await service((i) => (i < 50 ? 400 : 0));
  try {
    const r = await runOpenLoop({ url: s.url, rate: 100, durationMs: 1000, warmupMs: 500, concurrency: 64, timeoutMs: 2000, request });
    expect(r.warmupMs).toBe(500);
    expect(r.requests).toBe(100);
    expect(r.ok).toBe(100);
    expect(r.warmup).toEqual({ requests: 50, ok: 50, errors: 0, timeouts: 0 });
    expect(r.latencyMs.max).toBeLessThan(300);
    expect(r.latencyDistribution[r.latencyDistribution.length - 1]).toEqual({ percentile: 100, ms: r.latencyMs.max });
    // The warm-up's slow answers are still in its own second.
    expect(r.perSecond.map((x) => x.warmup)).toEqual([true, false]);
    expect(r.perSecond[0].due).toBe(100);
    expect(r.perSecond[0].maxMs).toBeGreaterThanOrEqual(399);
    expect(Math.abs(r.throughput - 100) / 100).toBeLessThan(0.1);
  } finally {
    await s.close();
  }
});

test('the latency distribution is HdrHistogram percentiles, rising, to the maximum', async () => {
  const s = await service((i) => i % 10);
  try {
    const r = await runOpenLoop({ url: s.url, rate: 200, durationMs: 1000, concurrency: 32, timeoutMs: 2000, request });
    const d = r.latencyDistribution;
    expect(d[0].percentile).toBe(0);
    expect(d.map((q) => q.percentile)).toEqual([...d.map((q) => q.percentile)].sort((a, b) => a - b));
    expect(d.map((q) => q.ms)).toEqual([...d.map((q) => q.ms)].sort((a, b) => a - b));
    // Levels stop where one request of 200 decides them (99.5%), then the maximum.
    expect(d[d.length - 2].percentile).toBeLessThanOrEqual(99.5);
    expect(d[d.length - 1]).toEqual({ percentile: 100, ms: r.latencyMs.max });
    const p50 = d.find((q) => q.percentile === 50)!;
    expect(p50.ms).toBeCloseTo(r.latencyMs.p50!, 6);
  } finally {
    await s.close();
  }
});
