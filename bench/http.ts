/**
 * HTTP benchmarks. (1) In-process policy calls per second for each built-in policy: a
 * recorded simulation's invitations and answers replayed into a fresh policy on one
 * thread, a worker of its own per policy (every call decides a verdict or updates state).
 * (2) Against `invitesim serve` in a child process on loopback, the open-loop driver's
 * highest request rate next to what autocannon (the reference load generator) reaches in
 * the same run, same bodies, same connections: the driver is asked for more than the
 * server can answer, so it measures the most it can drive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { listPolicies, resolvePolicySpec } from '../policies/registry';
import { createRunRequest, eventsBody } from '../policies/http/protocol';
import { loadScenario, toSimConfig, withOverrides } from '../scenarios/load';
import { httpCall, recordTraffic, recordedOf, runOpenLoop, type Traffic } from '../load';
import type { PolicyRateJob } from './policy-rate';

export interface PolicyRate {
  policy: string;
  calls: number;
  /** Median over repetitions. */
  callsPerSecond: number;
}

export interface DriverComparison {
  connections: number;
  seconds: number;
  /** Good answers per second in each round. */
  autocannon: number[];
  driver: number[];
  /** Median driver / median autocannon. */
  ratio: number;
}

export interface HttpBench {
  policies: PolicyRate[];
  /** The lowest of the policies' rates (the target is 5,000,000/s each). */
  minCallsPerSecond: number;
  loopback: DriverComparison;
}

export interface HttpBenchOptions {
  /** Members of the recorded world for the in-process rates (default 100,000). */
  members?: number;
  repetitions?: number;
  /** Seconds of each autocannon and driver round (default 3). */
  seconds?: number;
  rounds?: number;
  connections?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchHttp(options: HttpBenchOptions = {}, log: (s: string) => void = () => {}): Promise<HttpBench> {
  const { members = 100_000, repetitions = 3, seconds = 3, rounds = 3, connections = 16 } = options;
  const policies = await benchPolicies(members, repetitions, log);
  const loopback = await benchLoopback(seconds, rounds, connections, log);
  return { policies, minCallsPerSecond: Math.min(...policies.map((p) => p.callsPerSecond)), loopback };
}

/**
 * Every built-in (combinators with their default children), fed the same recorded traffic,
 * each in its own worker thread: a fresh isolate, as in a run (see policy-rate.ts).
 */
export async function benchPolicies(members: number, repetitions: number, log: (s: string) => void): Promise<PolicyRate[]> {
  const scenario = withOverrides(loadScenario('baseline'), [['population.members', members]]);
  const recorded = recordTraffic(toSimConfig(scenario, 'bench/http'), scenario.policy, 50_000_000);
  const traffic = recordedOf(recorded);
  log(`policies: replaying ${recorded.length.toLocaleString()} recorded events (${members.toLocaleString()} members, ${scenario.days} days), each policy in a fresh worker`);
  const rates: PolicyRate[] = [];
  for (const def of listPolicies()) {
    const job: PolicyRateJob = { spec: resolvePolicySpec(def.name, process.cwd()), traffic, repetitions };
    const rate = { policy: def.name, calls: recorded.length, callsPerSecond: median(await inWorker(job)) };
    log(`policies: ${def.name.padEnd(17)} ${(rate.callsPerSecond / 1e6).toFixed(1)} M calls/s`);
    rates.push(rate);
  }
  return rates;
}

function inWorker(job: PolicyRateJob): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'policy-rate.js'), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`bench: the policy-rate worker for ${job.spec.name} exited with ${code}`)));
  });
}

interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

export async function benchLoopback(seconds: number, rounds: number, connections: number, log: (s: string) => void): Promise<DriverComparison> {
  const { child, url } = await startServe();
  try {
    const traffic = recordTraffic(toSimConfig(withOverrides(loadScenario('baseline'), [['population.members', 2000], ['days', 7]]), 'bench/loopback'), { name: 'none', params: {} }, 10_000);
    const id = await openRun(url, traffic);
    const eventsPath = `/runs/${id}/events`;
    const bodies = Array.from({ length: traffic.length }, (_, i) => eventsBody([traffic.eventJson(i)]));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const autocannon = require('autocannon') as Autocannon;
    const requests = bodies.map((body) => ({ method: 'POST', path: eventsPath, body, headers: { 'content-type': 'application/json' } }));
    // Untimed: the server's code gets optimized before either side is measured.
    await autocannon({ url, connections, duration: 1, requests });
    const autocannonRates: number[] = [];
    const driverRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const a = await autocannon({ url, connections, duration: seconds, requests });
      const aRate = a['2xx'] / a.duration;
      autocannonRates.push(aRate);
      const d = await driverMax(url, eventsPath, bodies, aRate, seconds, connections, log);
      driverRates.push(d);
      log(`loopback: round ${round + 1}/${rounds}: autocannon ${aRate.toFixed(0)}/s (${a.non2xx} non-2xx, ${a.errors} errors), driver ${d.toFixed(0)}/s`);
    }
    return { connections, seconds, autocannon: autocannonRates, driver: driverRates, ratio: median(driverRates) / median(autocannonRates) };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Overload factors tried in turn until the driver answers visibly less than it was asked (it is saturated). */
const OVERLOAD = [1.5, 3, 6];
const SATURATED = 0.95;

/**
 * The driver's highest rate: asked for more than it gets, what comes back is the most it can
 * drive. Asked for too little (it kept up), it is asked again for more; the backlog an
 * overload builds is bounded by rate × seconds.
 */
async function driverMax(url: string, eventsPath: string, bodies: string[], start: number, seconds: number, connections: number, log: (s: string) => void): Promise<number> {
  let best = 0;
  for (const factor of OVERLOAD) {
    const rate = Math.ceil(start * factor);
    const d = await runOpenLoop({ url, rate, durationMs: seconds * 1000, concurrency: connections, timeoutMs: 60_000, request: (i) => ({ path: eventsPath, body: bodies[i % bodies.length] }) });
    if (d.errors + d.timeouts > 0) log(`loopback: driver at ${rate}/s: ${d.errors} errors, ${d.timeouts} timeouts (${d.errorSamples.join('; ')})`);
    best = Math.max(best, d.throughput);
    if (d.throughput < SATURATED * rate) break;
  }
  return best;
}

/** `invitesim serve` from dist/ in its own process, as users run it. */
function startServe(): Promise<{ child: ChildProcess; url: string }> {
  const main = path.join(__dirname, '..', 'cli', 'main.js');
  const child = spawn(process.execPath, [main, 'serve', '--policy', 'weekly-cap', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench: invitesim serve exited with ${code}`)));
    child.stdout!.once('data', (d: Buffer) => resolve({ child, url: d.toString().trim() }));
  });
}

async function openRun(url: string, traffic: Traffic): Promise<string> {
  const r = await httpCall('POST', `${url}/runs`, JSON.stringify(createRunRequest(traffic)), 30_000);
  if (r.status !== 201) throw new Error(`bench: POST /runs answered ${r.status}: ${r.text}`);
  return (JSON.parse(r.text) as { id: string }).id;
}
