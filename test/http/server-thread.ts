/**
 * A policy service for tests, in its own thread (the simulation blocks the test's thread
 * while it waits for answers). Serves the reference PolicyServer; with `fault`, a front
 * server passes requests through until the `after`-th events request, then kills the
 * service, hangs, or answers malformed JSON.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { PolicyServer } from '../../policies/http/server';
import { resolveServedPolicy } from '../../policies/http/served-policy';
import { createPolicy } from '../../policies/registry';

export type Fault = { kind: 'kill' | 'hang' | 'malformed' | 'stall'; after: number; stallMs?: number };
export interface ServerThreadData {
  policy: unknown;
  fault?: Fault;
  maxBodyBytes?: number;
}

const { policy, fault, maxBodyBytes } = workerData as ServerThreadData;

async function main(): Promise<void> {
  const server = new PolicyServer({
    policy: resolveServedPolicy(policy),
    resolvePolicy: resolveServedPolicy,
    createPolicy,
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
  const inner = await server.listen(0);
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
  front.listen(0, '127.0.0.1', () => parentPort!.postMessage(`http://127.0.0.1:${(front.address() as AddressInfo).port}`));
}

void main();
