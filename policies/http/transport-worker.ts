/**
 * The helper thread of SyncTransport: performs its HTTP requests one at a time on a
 * keep-alive connection, posts each reply on the port, then wakes the waiting thread by
 * storing the request's sequence number in the shared word. Imports only node: modules,
 * so it starts fast from either compiled JS or TypeScript sources.
 */
import * as http from 'node:http';
import { workerData, type MessagePort } from 'node:worker_threads';

export interface TransportWorkerData {
  origin: string;
  port: MessagePort;
  /** One Int32: the sequence number of the latest reply. */
  signal: SharedArrayBuffer;
}

export interface TransportRequest {
  seq: number;
  method: string;
  path: string;
  body: string | null;
  timeoutMs: number;
}

export type TransportReply =
  | { seq: number; ok: true; status: number; body: string }
  | { seq: number; ok: false; timeout: boolean; error: string };

const { origin, port, signal } = workerData as TransportWorkerData;
const flag = new Int32Array(signal);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function reply(r: TransportReply): void {
  port.postMessage(r);
  Atomics.store(flag, 0, r.seq);
  Atomics.notify(flag, 0);
}

port.on('message', (r: TransportRequest) => {
  let done = false;
  const finish = (x: TransportReply) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    reply(x);
  };
  const req = http.request(`${origin}${r.path}`, {
    method: r.method,
    agent,
    headers: r.body === null ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(r.body) },
  });
  const timer = setTimeout(() => {
    finish({ seq: r.seq, ok: false, timeout: true, error: `no answer within ${r.timeoutMs} ms` });
    req.destroy();
  }, r.timeoutMs);
  req.on('error', (e: NodeJS.ErrnoException) => finish({ seq: r.seq, ok: false, timeout: false, error: e.code ? `${e.code} (${e.message})` : e.message }));
  req.on('response', (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', (e) => finish({ seq: r.seq, ok: false, timeout: false, error: `connection failed mid-answer: ${e.message}` }));
    res.on('end', () => finish({ seq: r.seq, ok: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    // After 'end' this is a no-op; before it, the server went away mid-answer.
    res.on('close', () => finish({ seq: r.seq, ok: false, timeout: false, error: 'connection closed mid-answer' }));
  });
  req.end(r.body ?? undefined);
});
