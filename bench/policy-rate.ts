/**
 * Worker for benchPolicies: one policy's in-process decision rate, in a fresh V8 isolate, as
 * a run has one policy. In an isolate that ran other policies first, code they share (the
 * replay loop, window counters, combinators) carries their type feedback, and the policy
 * measured later pays for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { PolicySpec } from '../sim/config';
import { Ladder } from '../policies/ladder';
import { createPolicy } from '../policies/registry';
import { ConnectionGraph } from '../policies/platform/connection-graph';
import { trafficOf, type RecordedTraffic } from '../load';

export interface PolicyRateJob {
  spec: PolicySpec;
  traffic: RecordedTraffic;
  repetitions: number;
}

/** Calls per second of each timed replay into a fresh policy, after one untimed pass so that every timed pass runs optimized code. */
function replayRates({ spec, traffic: data, repetitions }: PolicyRateJob): number[] {
  const traffic = trafficOf(data);
  const rates: number[] = [];
  for (let r = 0; r <= repetitions; r++) {
    const view = new ConnectionGraph(traffic.platform);
    const policy = createPolicy(spec, { members: traffic.members, horizon: traffic.horizon, view, ladder: new Ladder(traffic.members, traffic.ladder, () => {}) }, traffic.truth);
    const t0 = performance.now();
    traffic.replay(policy, view);
    if (r > 0) rates.push((traffic.length * 1000) / (performance.now() - t0));
  }
  return rates;
}

if (parentPort) parentPort.postMessage(replayRates(workerData as PolicyRateJob));
