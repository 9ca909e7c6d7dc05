/**
 * HTTP benchmarks. (1) In-process policy calls per second for each built-in policy: a
 * recorded simulation's invitations and answers replayed into a fresh policy on one
 * thread, a worker of its own per policy (every call decides a verdict or updates state).
 * (2) Against `invitesim serve` in a child process on loopback, the open-loop driver's
 * highest rate of good answers next to what autocannon (the reference load generator) reaches
 * in the same run, same recorded events, same connections: the driver is asked for more than
 * the server can answer, so it measures the most it can drive. A round in which either side
 * had more than 1% of its requests fail measures a failure, and bench/sanity.ts fails the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { listPolicies, resolvePolicySpec } from '../policies/registry';
import { createRunRequest, eventsBody } from '../policies/http/protocol';
import { loadScenario, toSimConfig, withOverrides } from '../scenarios/load';
import { httpCall, loadTest, recordTraffic, recordedOf, type Traffic } from '../load';
import type { PolicyRateJob } from './policy-rate';

export interface PolicyRate {
  policy: string;
  calls: number;
  /** Median over repetitions. */
  callsPerSecond: number;
  /**
   * Against `none` timed in a fresh worker just before this policy's: timed replay i over
   * none's replay i, median and range over the repetitions (none's own is 1).
   */
  ratioToNone: { median: number; min: number; max: number };
}

export interface DriverComparison {
  connections: number;
  seconds: number;
  /** Good answers per second in each round (autocannon: 2xx; the driver: valid verdicts). */
  autocannon: number[];
  driver: number[];
  /** Median driver / median autocannon. */
  ratio: number;
  /** Requests each side sent over the timed rounds, and how many failed (non-2xx or invalid, errors, timeouts). */
  failures: { autocannon: SideFailures; driver: SideFailures };
}

export interface SideFailures {
  requests: number;
  failed: number;
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
 * each in its own worker thread: a fresh isolate, as in a run (see policy-rate.ts). `none`
 * is timed again right before each policy, so that a ratio compares two rates taken a few
 * seconds apart: on a shared machine, one `none` measured at the start was against policies
 * timed a minute later under another load.
 */
export async function benchPolicies(members: number, repetitions: number, log: (s: string) => void): Promise<PolicyRate[]> {
  const scenario = withOverrides(loadScenario('baseline'), [['population.members', members]]);
  const recorded = recordTraffic(toSimConfig(scenario, 'bench/http'), scenario.policy, 50_000_000);
  const traffic = recordedOf(recorded);
  log(`policies: replaying ${recorded.length.toLocaleString()} recorded events (${members.toLocaleString()} members, ${scenario.days} days), each policy in a fresh worker`);
  const rates: PolicyRate[] = [];
  const none: PolicyRateJob = { spec: resolvePolicySpec('none', process.cwd()), traffic, repetitions };
  for (const def of listPolicies()) {
    // `model` has no default model file: it is timed with the one the learned-vs-adaptive scenario ships.
    const spec = def.name === 'model' ? loadScenario('learned-vs-adaptive').policy : resolvePolicySpec(def.name, process.cwd());
    const base = def.name === 'none' ? null : await inWorker(none);
    const timed = await inWorker({ spec, traffic, repetitions });
    const ratios = timed.map((r, i) => (base === null ? 1 : r / base[i]));
    const rate = { policy: def.name, calls: recorded.length, callsPerSecond: median(timed), ratioToNone: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) } };
    const against = base === null ? '' : ` (${rate.ratioToNone.median.toFixed(2)}× none, ${rate.ratioToNone.min.toFixed(2)}–${rate.ratioToNone.max.toFixed(2)}; none ${(median(base) / 1e6).toFixed(1)} M/s just before)`;
    log(`policies: ${def.name.padEnd(17)} ${(rate.callsPerSecond / 1e6).toFixed(1)} M calls/s${against}`);
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
  /** Connection errors, timeouts included. */
  errors: number;
  duration: number;
  start: Date;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
interface AutocannonClient {
  setRequests(requests: object[]): void;
}

/** The loopback world: long enough that neither side replays an event twice in one run (see benchLoopback). */
const LOOPBACK_WORLD: Array<[string, number]> = [['population.members', 10_000], ['days', 14]];
/** Events each autocannon connection sends in the untimed warm-up round. */
const WARMUP_PER_CONNECTION = 2000;
/** The driver opens ⌈requests / recording⌉ × connections runs; the server holds 64, and autocannon's are gone by then. */
const MAX_DRIVER_PASSES = 3;
/** Above this share of failed requests a round measures a failure, not speed (bench/sanity.ts). */
export const MAX_FAILED_SHARE = 0.01;

/**
 * Both sides replay the same recorded traffic as a service would see it: time never goes
 * backwards within a run (a service answers 400 to that). Each autocannon connection replays the
 * recording's first events in a run of its own, once (`amount`, not a duration, so it never wraps
 * back to the start); the driver is `invitesim load`'s own replay (loadTest), answers checked as
 * verdicts. Every run is opened before its round's clock and deleted after it.
 */
export async function benchLoopback(seconds: number, rounds: number, connections: number, log: (s: string) => void): Promise<DriverComparison> {
  const { child, url } = await startServe();
  try {
    const traffic = recordTraffic(toSimConfig(withOverrides(loadScenario('baseline'), LOOPBACK_WORLD), 'bench/loopback'), { name: 'none', params: {} }, 1_000_000);
    // Numbered as the driver numbers its runs' requests: each autocannon connection's run takes them from the first.
    const bodies = Array.from({ length: traffic.length }, (_, i) => eventsBody([traffic.eventJson(i)], i + 1));
    // The platform view alone, as `load` sends by default: no ground truth.
    const setup = JSON.stringify(createRunRequest({ ...traffic, truth: undefined }));
    // Untimed: the server's code gets optimized before either side is measured.
    const warm = await autocannonRound(url, setup, bodies, connections, Math.min(WARMUP_PER_CONNECTION, bodies.length));
    // Sized for `seconds` at the fastest rate seen so far: a round timed by its amount is as long as the machine allows.
    let fastest = warm.rate;
    const sides = { autocannon: { requests: 0, failed: 0 }, driver: { requests: 0, failed: 0 } };
    const autocannonRates: number[] = [];
    const driverRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const perConnection = Math.min(bodies.length, Math.ceil((fastest * seconds) / connections));
      const a = await autocannonRound(url, setup, bodies, connections, perConnection);
      fastest = Math.max(fastest, a.rate);
      autocannonRates.push(a.rate);
      sides.autocannon.requests += a.requests;
      sides.autocannon.failed += a.failed;
      const d = await driverMax(url, traffic, a.rate, seconds, connections, log);
      driverRates.push(d.rate);
      sides.driver.requests += d.requests;
      sides.driver.failed += d.failed;
      log(`loopback: round ${round + 1}/${rounds}: autocannon ${a.rate.toFixed(0)} good answers/s (${a.failed} of ${a.requests} failed), driver ${d.rate.toFixed(0)}/s (${d.failed} of ${d.requests} failed)`);
    }
    return { connections, seconds, autocannon: autocannonRates, driver: driverRates, ratio: median(driverRates) / median(autocannonRates), failures: sides };
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * One autocannon round: `perConnection` requests on each connection, each connection in a fresh
 * run of its own. Its good answers per second are timed from when the last connection had its
 * requests built (autocannon builds them inside its own clock) to its end.
 */
async function autocannonRound(url: string, setup: string, bodies: string[], connections: number, perConnection: number): Promise<{ rate: number; requests: number; failed: number }> {
  const ids: string[] = [];
  for (let k = 0; k < connections; k++) ids.push(await openRun(url, setup));
  try {
    const lists = ids.map((id) => bodies.slice(0, perConnection).map((body) => ({ method: 'POST', path: `/runs/${id}/events`, body, headers: { 'content-type': 'application/json' } })));
    let next = 0;
    let ready = 0;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const autocannon = require('autocannon') as Autocannon;
    const a = await autocannon({
      url,
      connections,
      amount: connections * perConnection,
      requests: [lists[0][0]],
      setupClient: (client: AutocannonClient) => {
        client.setRequests(lists[next++]);
        ready = Date.now();
      },
    });
    const seconds = (a.start.getTime() + a.duration * 1000 - ready) / 1000;
    return { rate: a['2xx'] / seconds, requests: connections * perConnection, failed: a.non2xx + a.errors };
  } finally {
    await Promise.all(ids.map((id) => httpCall('DELETE', `${url}/runs/${id}`, null, 10_000).catch(() => undefined)));
  }
}

/** Overload factors tried in turn until the driver answers visibly less than it was asked (it is saturated). */
const OVERLOAD = [1.5, 3, 6];
const SATURATED = 0.95;

/**
 * The driver's highest rate in good answers per second: asked for more than it gets, what comes
 * back is the most it can drive. Asked for too little (it kept up), it is asked again for more;
 * the backlog an overload builds is bounded by rate × seconds, and so is the number of runs.
 */
async function driverMax(url: string, traffic: Traffic, start: number, seconds: number, connections: number, log: (s: string) => void): Promise<{ rate: number; requests: number; failed: number }> {
  let best = { rate: 0, requests: 0, failed: 0 };
  const most = Math.floor((MAX_DRIVER_PASSES * traffic.length) / seconds);
  for (const factor of OVERLOAD) {
    const rate = Math.min(most, Math.ceil(start * factor));
    const d = await loadTest({ url, rate, durationMs: seconds * 1000, concurrency: connections, timeoutMs: 60_000, traffic });
    const failed = d.errors + d.timeouts;
    if (failed > 0) log(`loopback: driver at ${rate}/s: ${d.errors} errors, ${d.timeouts} timeouts (${d.errorSamples.join('; ')})`);
    // A round's failures count whichever rate wins: sanity judges them all.
    best = { rate: Math.max(best.rate, d.throughput), requests: best.requests + d.requests, failed: best.failed + failed };
    if (d.throughput < SATURATED * rate || rate === most) break;
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

async function openRun(url: string, setup: string): Promise<string> {
  const r = await httpCall('POST', `${url}/runs`, setup, 30_000);
  if (r.status !== 201) throw new Error(`bench: POST /runs answered ${r.status}: ${r.text}`);
  return (JSON.parse(r.text) as { id: string }).id;
}
