/**
 * The reference server under clients that hold it: slowloris sockets and sockets that send
 * nothing are closed after the headers timeout, a connection flood gets 503 past
 * maxConnections while /health still answers, and run uploads share a memory budget. Real
 * sockets on loopback, bounded in count and time.
 */
import * as net from 'node:net';
import { PolicyServer } from '../../policies/http/server';
import { resolveServedPolicy } from '../../policies/http/served-policy';
import { createPolicy } from '../../policies/registry';
import { rawRequest } from '../faults/helpers';

const servers: PolicyServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function start(limits: Partial<ConstructorParameters<typeof PolicyServer>[0]>): Promise<number> {
  const server = new PolicyServer({ policy: resolveServedPolicy('weekly-cap'), resolvePolicy: resolveServedPolicy, createPolicy, ...limits });
  servers.push(server);
  return (await server.listen(0)).port;
}

interface Probe {
  socket: net.Socket;
  /** ms from the start until the server closed it (null: still open). */
  closedAfter: number | null;
  received: string;
}

function connect(port: number, t0: number): Probe {
  const socket = net.connect(port, '127.0.0.1');
  const p: Probe = { socket, closedAfter: null, received: '' };
  socket.on('data', (d) => (p.received += d.toString('latin1')));
  socket.on('error', () => {});
  socket.on('close', () => (p.closedAfter = Date.now() - t0));
  return p;
}


const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('slowloris sockets and silent ones are closed after the headers timeout, with a 408 for the slow ones', async () => {
  const port = await start({ headersTimeoutMs: 500 });
  const t0 = Date.now();
  const slow = Array.from({ length: 50 }, () => connect(port, t0));
  const silent = Array.from({ length: 50 }, () => connect(port, t0));
  for (const p of slow) p.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
  const drip = setInterval(() => slow.forEach((p) => p.socket.writable && p.socket.write('X-Slow: 1\r\n')), 100);
  try {
    for (let waited = 0; waited < 5000 && [...slow, ...silent].some((p) => p.closedAfter === null); waited += 100) await sleep(100);
  } finally {
    clearInterval(drip);
  }
  for (const p of [...slow, ...silent]) {
    expect(p.closedAfter).not.toBeNull();
    expect(p.closedAfter!).toBeGreaterThanOrEqual(450);
    expect(p.closedAfter!).toBeLessThan(3000);
  }
  expect(slow.every((p) => p.received.startsWith('HTTP/1.1 408 Request Timeout'))).toBe(true);
  const health = JSON.parse((await rawRequest(port, get('/health'))).body);
  expect(health.status).toBe('ok');
});

test('past maxConnections requests get 503, /health still answers, and the extra sockets are let go', async () => {
  const port = await start({ maxConnections: 20, headersTimeoutMs: 2000 });
  const t0 = Date.now();
  // Below the hard cap (8 × maxConnections), past which connections are dropped unanswered.
  const flood = Array.from({ length: 150 }, () => connect(port, t0));
  await sleep(200);
  const health = await rawRequest(port, get('/health'));
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body).connections).toBeGreaterThan(150);
  const refused = await rawRequest(port, `POST /runs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`);
  expect(refused.status).toBe(503);
  expect(JSON.parse(refused.body).error).toMatch(/^\d+ connections are open, more than this server serves at once \(20, serve --max-connections\); retry later$/);
  // The 130 sockets past the cap go after a second of idling; the first 20 at the headers timeout.
  await sleep(1500);
  expect(flood.filter((p) => p.closedAfter === null).length).toBeLessThanOrEqual(20);
  for (let waited = 0; waited < 4000 && flood.some((p) => p.closedAfter === null); waited += 100) await sleep(100);
  expect(flood.every((p) => p.closedAfter !== null)).toBe(true);
  const after = await rawRequest(port, `POST /runs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
  expect(after.status).toBe(400);
});

test('a second upload that would pass the upload budget gets 503 while the first is read, and goes through after', async () => {
  const port = await start({ maxRunBodyBytes: 1000, uploadBudgetBytes: 1500 });
  const t0 = Date.now();
  const first = connect(port, t0);
  first.socket.write('POST /runs HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n{"protocol":1,');
  await sleep(100);
  const second = await rawRequest(port, `POST /runs HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n${' '.repeat(900)}`);
  expect(second.status).toBe(503);
  expect(JSON.parse(second.body).error).toBe("other uploads hold 900 of this server's 1500 bytes for run graphs (serve --upload-memory); retry when they are done");
  // A small one fits beside it.
  const small = await rawRequest(port, `POST /runs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
  expect(small.status).toBe(400);
  first.socket.destroy();
  await sleep(100);
  const third = await rawRequest(port, `POST /runs HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\nConnection: close\r\n\r\n${' '.repeat(898)}{}`);
  expect(third.status).toBe(400);
  expect(JSON.parse(third.body).error).toMatch(/protocol must be 3/);
});
