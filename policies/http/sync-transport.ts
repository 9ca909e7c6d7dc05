/**
 * SyncTransport: blocking HTTP for the synchronous engine. A helper thread makes each
 * request; the calling thread posts it, sleeps in Atomics.wait on a shared word until the
 * helper stores the request's sequence number, then takes the reply off the port with
 * receiveMessageOnPort. The helper enforces each request's timeout; the caller waits a
 * little longer, so a wedged helper ends as a failure too, never as a hang.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { TransportReply, TransportRequest, TransportWorkerData } from './transport-worker';

export type { TransportReply } from './transport-worker';

/** Extra wait beyond a request's timeout before the helper itself counts as stuck. */
const GRACE_MS = 2000;
/** The first request also waits for the helper to start (seconds when it compiles from TypeScript). */
const STARTUP_MS = 20_000;

export class SyncTransport {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private seq = 0;
  private closed = false;

  /** `origin`: scheme, host and port, e.g. http://127.0.0.1:8080. */
  constructor(readonly origin: string) {
    const signal = new SharedArrayBuffer(4);
    this.flag = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: TransportWorkerData = { origin, port: port2, signal };
    const entry = workerEntry();
    this.worker = new Worker(entry.code, { eval: entry.eval, workerData: data, transferList: [port2] });
    // A transport someone forgot to close must not keep the process alive.
    this.worker.unref();
    this.port.unref();
  }

  /** Sends a request and blocks until its reply, a timeout or a transport failure. */
  request(method: string, path: string, body: string | null, timeoutMs: number): TransportReply {
    if (this.closed) throw new Error('SyncTransport: request after close()');
    const seq = ++this.seq;
    const msg: TransportRequest = { seq, method, path, body, timeoutMs };
    this.port.postMessage(msg);
    const deadline = Date.now() + timeoutMs + GRACE_MS + (seq === 1 ? STARTUP_MS : 0);
    for (;;) {
      const at = Atomics.load(this.flag, 0);
      if (at === seq) break;
      const left = deadline - Date.now();
      if (left <= 0) return { seq, ok: false, timeout: true, error: `the HTTP helper thread gave no answer within ${timeoutMs + GRACE_MS} ms` };
      Atomics.wait(this.flag, 0, at, left);
    }
    // Replies to earlier requests given up on may still be queued ahead of this one.
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const r = m.message as TransportReply;
      if (r.seq === seq) return r;
    }
    return { seq, ok: false, timeout: false, error: 'the HTTP helper thread signalled a reply it never posted' };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}

/** The compiled helper next to this file, or (running from TypeScript sources, as under jest) the .ts file through jiti. */
function workerEntry(): { code: string; eval: boolean } {
  const js = path.join(__dirname, 'transport-worker.js');
  if (fs.existsSync(js)) return { code: js, eval: false };
  const ts = JSON.stringify(path.join(__dirname, 'transport-worker.ts'));
  return { code: `require(${JSON.stringify(require.resolve('jiti'))}).createJiti(${ts}, { fsCache: false })(${ts});`, eval: true };
}
