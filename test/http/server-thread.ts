/**
 * A policy service for tests, in its own thread (the simulation blocks the test's thread
 * while it waits for answers). Serves the reference PolicyServer; with `fault`, a front
 * server passes requests through until the `after`-th events request, then kills the
 * service, hangs, answers malformed JSON, or (`apply-close`) lets the service apply some
 * requests and closes the connection before their answer's first byte. With `record`, a front
 * passes everything through and keeps every event it forwarded, in order; GET /recorded answers them.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { PolicyServer } from '../../policies/http/server';
import { resolveServedPolicy } from '../../policies/http/served-policy';
import { createPolicy } from '../../policies/registry';

export type Fault = { kind: 'kill' | 'hang' | 'malformed' | 'stall' | 'apply-close'; after: number; stallMs?: number };
export interface ServerThreadData {
  policy: unknown;
  fault?: Fault;
  maxBodyBytes?: number;
  record?: boolean;
}

const { policy, fault, maxBodyBytes, record } = workerData as ServerThreadData;

async function main(): Promise<void> {
  const server = new PolicyServer({
    policy: resolveServedPolicy(policy),
    resolvePolicy: resolveServedPolicy,
    createPolicy,
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
  const inner = await server.listen(0);
  if (record) return recording(inner.url);
  if (!fault) return parentPort!.postMessage(inner.url);
  const agent = new http.Agent({ keepAlive: true });
  let seen = 0;
  const front = http.createServer((req, res) => {
    const events = req.url!.endsWith('/events');
    if (events) seen++;
    const faulty = events && seen > fault.after;
    if (faulty && fault.kind === 'hang') return void req.resume();
    if (faulty && fault.kind === 'kill') {
      front.close();
      front.closeAllConnections();
      void server.close();
      return;
    }
    if (faulty && fault.kind === 'malformed') {
      req.resume();
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"answer": "allow", "restricted": [');
    }
    if (faulty && fault.kind === 'apply-close') return void applyThenClose(req, res);
    const forward = () => {
      const out = http.request(`${inner.url}${req.url}`, { method: req.method, headers: req.headers, agent }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(out);
    };
    if (faulty && fault.kind === 'stall') setTimeout(forward, fault.stallMs ?? 200);
    else forward();
  });
  /**
   * Every fifth one-event request is applied and its connection closed unanswered. One event,
   * since a resend that carries earlier held-back events is refused anyway (time goes back);
   * a one-event resend is what a service cannot tell from a new request without its number.
   */
  let closable = 0;
  const applyThenClose = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const close = body.toString('utf8').split('"type"').length === 2 && closable++ % 5 === 0;
      const out = http.request(`${inner.url}${req.url}`, { method: req.method, headers: req.headers, agent }, (r) => {
        if (close) {
          r.resume();
          return void r.on('end', () => req.socket.destroy());
        }
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      out.end(body);
    });
  };
  front.listen(0, '127.0.0.1', () => parentPort!.postMessage(`http://127.0.0.1:${(front.address() as AddressInfo).port}`));
}

/** The events requests' events, in the order they reached the service, each with its run's path. */
function recording(innerUrl: string): void {
  const agent = new http.Agent({ keepAlive: true });
  const events: Array<{ run: string; event: Record<string, unknown> }> = [];
  const front = http.createServer((req, res) => {
    if (req.url === '/recorded') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(events));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url!.endsWith('/events')) for (const event of JSON.parse(body.toString('utf8')).events) events.push({ run: req.url!, event });
      const out = http.request(`${innerUrl}${req.url}`, { method: req.method, headers: req.headers, agent }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      out.end(body);
    });
  });
  front.listen(0, '127.0.0.1', () => parentPort!.postMessage(`http://127.0.0.1:${(front.address() as AddressInfo).port}`));
}

void main();
