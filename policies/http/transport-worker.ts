/**
 * The helper thread of SyncTransport: performs its HTTP requests one at a time on a
 * keep-alive Connection, posts each reply on the port, then wakes the waiting thread by
 * storing the request's sequence number in the shared word. Imports only node: modules
 * (and Connection, which imports only node:net), so it starts fast from either compiled
 * JS or TypeScript sources.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { Connection, type Outcome } from './connection';

export interface TransportWorkerData {
  /** Base URL: origin and an optional path prefix. */
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

/** One per helper thread: its connection and the request in flight (the caller waits for each, so one at a time). */
class HelperThread {
  private current: { seq: number; timer: NodeJS.Timeout } | null = null;
  private readonly conn: Connection;
  private readonly flag: Int32Array;
  private readonly base: URL;
  private readonly prefix: string;

  constructor(private readonly data: TransportWorkerData) {
    this.flag = new Int32Array(data.signal);
    this.base = new URL(data.origin);
    this.prefix = this.base.pathname.replace(/\/+$/, '');
    this.conn = new Connection(this.base.hostname, Number(this.base.port) || 80, (_c, outcome: Outcome) => this.answered(outcome));
    data.port.on('message', (r: TransportRequest) => this.send(r));
  }

  private send(r: TransportRequest): void {
    const timer = setTimeout(() => {
      this.conn.abandon();
      this.reply({ seq: r.seq, ok: false, timeout: true, error: `no answer within ${r.timeoutMs} ms` });
    }, r.timeoutMs);
    this.current = { seq: r.seq, timer };
    this.conn.send(Connection.request(r.method, this.prefix + r.path, this.base.host, r.body));
  }

  private answered(outcome: Outcome): void {
    if (!this.current) return;
    const { seq, timer } = this.current;
    clearTimeout(timer);
    this.reply(outcome.ok ? { seq, ok: true, status: outcome.status, body: outcome.body } : { seq, ok: false, timeout: false, error: outcome.error });
  }

  private reply(r: TransportReply): void {
    this.current = null;
    this.data.port.postMessage(r);
    Atomics.store(this.flag, 0, r.seq);
    Atomics.notify(this.flag, 0);
  }
}

new HelperThread(workerData as TransportWorkerData);
