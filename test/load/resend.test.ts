/**
 * `load` numbers each run's requests (`seq` 1, 2, …) as `run` does, so a request its connection
 * resends is detectable. The service here dedupes as docs/http.md asks (the last applied `seq`
 * and its answer per run) and, once per request on a kept-alive socket, applies it and closes
 * the connection before answering: the driver resends it, and every recorded event is still
 * applied exactly once. Without `seq` the service cannot tell the resend from a new request,
 * and applies it twice.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { loadTest, recordTraffic } from '../../load';
import { smallConfig } from '../helpers/sim-config';

const traffic = recordTraffic(smallConfig({ members: 200, days: 3 }), { name: 'none', params: {} }, 60);

interface RunLog {
  /** Events applied, as sent. */
  applied: string[];
  /** The seq of every request received, resends included. */
  received: Array<number | undefined>;
  lastSeq: number;
  lastAnswer: string;
}

async function dedupingService(): Promise<{ url: string; runs: Map<string, RunLog>; closes: () => number; stop(): Promise<void> }> {
  const runs = new Map<string, RunLog>();
  const served = new WeakSet<Socket>();
  const closedOnce = new Set<string>();
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, text: string) => {
        served.add(req.socket);
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
      };
      if (req.url === '/health') return answer(200, '{"status":"ok","protocol":3}');
      if (req.method === 'POST' && req.url === '/runs') {
        const id = `r${next++}`;
        runs.set(id, { applied: [], received: [], lastSeq: 0, lastAnswer: '' });
        return answer(201, JSON.stringify({ id, policy: null, hooks: { review: false, blocked: false, score: false }, deferrable: [] }));
      }
      if (req.method === 'DELETE') return answer(204, '');
      const id = /^\/runs\/([^/]+)\/events$/.exec(req.url!)![1];
      const run = runs.get(id)!;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { seq?: number; events: Array<{ type: string }> };
      run.received.push(body.seq);
      if (body.seq !== undefined && body.seq === run.lastSeq) return answer(200, run.lastAnswer);
      run.applied.push(JSON.stringify(body.events[0]));
      run.lastSeq = body.seq ?? 0;
      run.lastAnswer = JSON.stringify({ answer: body.events[0].type === 'invite' ? 'allow' : null, restricted: [] });
      const key = `${id} ${run.applied.length}`;
      // Applied, then the connection closes before the answer's first byte (only a kept-alive socket is resent on).
      if (served.has(req.socket) && !closedOnce.has(key) && run.applied.length % 3 === 0) {
        closedOnce.add(key);
        return void req.socket.destroy();
      }
      answer(200, run.lastAnswer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    runs,
    closes: () => closedOnce.size,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

test('a resent request is answered again, not applied twice: every event applied once, in recording order', async () => {
  const service = await dedupingService();
  try {
    const r = await loadTest({ url: service.url, rate: 200, durationMs: 600, concurrency: 3, timeoutMs: 5000, traffic });
    expect([r.requests, r.ok, r.errors, r.timeouts]).toEqual([120, 120, 0, 0]);
    expect(service.closes()).toBeGreaterThan(5);
    const runs = [...service.runs.values()];
    const resends = runs.reduce((n, run) => n + run.received.length - run.applied.length, 0);
    expect(resends).toBe(service.closes());
    // Each run numbers its requests 1, 2, …; a resend repeats the number just sent.
    for (const run of runs) {
      const distinct = run.received.filter((s, k) => k === 0 || s !== run.received[k - 1]);
      expect(distinct).toEqual(Array.from({ length: run.applied.length }, (_, k) => k + 1));
    }
    // Two passes over the 60 events, three runs a pass: each pass's runs together applied each event once.
    for (const pass of [0, 1]) {
      const applied = runs.slice(pass * 3, pass * 3 + 3).flatMap((run) => run.applied).sort();
      expect(applied).toEqual(Array.from({ length: 60 }, (_, i) => JSON.stringify(JSON.parse(traffic.eventJson(i)))).sort());
    }
  } finally {
    await service.stop();
  }
});
