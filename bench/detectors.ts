/**
 * Graph-detector benchmark: the time of one review() batch of sybilrank, votetrust and
 * rejecto on synthetic platforms of 100k, 300k and 1M members, and the scaling exponent (the
 * least-squares slope of log time against log connections; 1 is linear). Each world: a
 * heavy-tailed connection graph (Pareto stubs, exponent 2.5, at least 9, ~15 connections a
 * member, paired at random, most within blocks of 1,000 members), 2% young "sybil" members
 * in rings of 50, honest members sending 3 answered invitations (65% accepted) and sybils 20
 * to random members (20% accepted) plus 10 to ring-mates (accepted). Every batch here runs
 * on the same graph and log; the first, untimed, warms the code. Medians of `repetitions`;
 * the exponent is fitted to CPU time.
 */
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import { Ladder } from '../policies/ladder';
import { ACCEPT, IDK, IGNORE, MINUTES_PER_HOUR, type Policy } from '../policies/policy';
import { ConnectionGraph, emptySnapshot, type PlatformSnapshot } from '../policies/platform/connection-graph';
import { createPolicy, resolvePolicySpec } from '../policies/registry';

export interface DetectorBench {
  sizes: number[];
  /**
   * Per detector and size: connections (ends), answered invitations, median wall and CPU ms of
   * a review() batch, and the log-log slope of CPU time (on a shared machine the wall time
   * measures the neighbours as much as the code).
   */
  detectors: Record<string, { connectionEnds: number[]; answers: number[]; medianMs: number[]; medianCpuMs: number[]; exponent: number }>;
  repetitions: number;
}

const DETECTORS = ['sybilrank', 'votetrust', 'rejecto'];
const BLOCK = 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface World {
  snapshot: PlatformSnapshot;
  /** sender, recipient, kind per answered invitation. */
  answers: Int32Array;
}

function buildWorld(n: number, seed: number): World {
  const rng = seedrandom.alea(String(seed));
  const sybils = Math.floor(n * 0.02);
  const honest = n - sybils;
  const stubs: number[] = [];
  for (let m = 0; m < honest; m++) {
    const k = Math.min(1000, Math.floor(9 / Math.pow(1 - rng(), 1 / 2.5)));
    for (let i = 0; i < k; i++) stubs.push(m);
  }
  const rows: number[][] = Array.from({ length: n }, () => []);
  const link = (a: number, b: number) => {
    if (a === b) return;
    rows[a].push(b);
    rows[b].push(a);
  };
  // Half the stubs pair inside their block (communities), the rest across the network.
  for (let i = 0; i + 1 < stubs.length; i += 2) {
    const a = stubs[i];
    const b = rng() < 0.5 ? Math.min(honest - 1, Math.floor(a / BLOCK) * BLOCK + Math.floor(rng() * BLOCK)) : stubs[Math.floor(rng() * stubs.length)];
    link(a, b);
  }
  const offsets = new Int32Array(n + 1);
  const flat: Int32Array[] = [];
  for (let m = 0; m < n; m++) {
    const row = Int32Array.from(new Set(rows[m])).sort();
    flat.push(row);
    offsets[m + 1] = offsets[m] + row.length;
    rows[m] = [];
  }
  const targets = new Int32Array(offsets[n]);
  flat.forEach((row, m) => targets.set(row, offsets[m]));
  const joinedAt = new Int32Array(n);
  for (let m = 0; m < n; m++) joinedAt[m] = m < honest ? -Math.floor(rng() * 3_000_000) : 1 + Math.floor(rng() * 40_000);
  const snapshot: PlatformSnapshot = { ...emptySnapshot(n), joinedAt, connections: { offsets, targets } };
  const answers: number[] = [];
  const rejection = () => (rng() < 0.5 ? IGNORE : IDK);
  for (let m = 0; m < honest; m++) {
    for (let i = 0; i < 3; i++) {
      const r = rng() < 0.7 ? Math.min(honest - 1, Math.floor(m / BLOCK) * BLOCK + Math.floor(rng() * BLOCK)) : Math.floor(rng() * honest);
      if (r !== m) answers.push(m, r, rng() < 0.65 ? ACCEPT : rejection());
    }
  }
  for (let s = honest; s < n; s++) {
    const ring = honest + Math.floor((s - honest) / 50) * 50;
    for (let i = 0; i < 20; i++) answers.push(s, Math.floor(rng() * honest), rng() < 0.2 ? ACCEPT : rejection());
    for (let i = 0; i < 10; i++) {
      const r = Math.min(n - 1, ring + Math.floor(rng() * 50));
      if (r !== s) answers.push(s, r, ACCEPT);
    }
  }
  return { snapshot, answers: Int32Array.from(answers) };
}

/** Times review() batches of one detector on a world: returns the median ms and the graph's connection ends. */
function timeDetector(name: string, world: World, repetitions: number): { ms: number; cpuMs: number; ends: number; stats: Record<string, number>; restricted: number } {
  const n = world.snapshot.members;
  const view = new ConnectionGraph(world.snapshot);
  const ladder = new Ladder(n, { coolDownHours: 48, recheckHours: 24, strikesToPermanent: 2 }, () => {});
  const interval = 24 * MINUTES_PER_HOUR;
  const policy: Policy = createPolicy(resolvePolicySpec({ name, params: {} }, '/'), { members: n, horizon: 90 * 1440, ladder, view });
  const a = world.answers;
  for (let i = 0; i < a.length; i += 3) {
    policy.onInvite(a[i], a[i + 1], 0, 0, false);
    if (a[i + 2] === ACCEPT) view.connect(a[i], a[i + 1]);
    policy.onResponse(a[i], a[i + 1], a[i + 2] as 0 | 1 | 2, 0);
  }
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r <= repetitions; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    policy.review!((r + 1) * interval);
    const c = process.cpuUsage(c0);
    if (r > 0) {
      times.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  let ends = 0;
  for (let m = 0; m < n; m++) ends += view.connectionCount(m);
  return { ms: median(times), cpuMs: median(cpu), ends, stats: policy.stats!(), restricted: ladder.restrictionsStarted };
}

/** Least-squares slope of log y on log x. */
function slope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

export function benchDetectors(sizes = [100_000, 300_000, 1_000_000], repetitions = 3, log: (s: string) => void = () => {}): DetectorBench {
  const detectors: DetectorBench['detectors'] = {};
  for (const name of DETECTORS) detectors[name] = { connectionEnds: [], answers: [], medianMs: [], medianCpuMs: [], exponent: NaN };
  for (const n of sizes) {
    const world = buildWorld(n, 15);
    for (const name of DETECTORS) {
      const { ms, cpuMs, ends, stats, restricted } = timeDetector(name, world, repetitions);
      const d = detectors[name];
      d.connectionEnds.push(ends);
      d.answers.push(world.answers.length / 3);
      d.medianMs.push(ms);
      d.medianCpuMs.push(cpuMs);
      log(`detectors: ${name} on ${n.toLocaleString()} members (${(ends / n).toFixed(1)} connections each): ${ms.toFixed(0)} ms a batch, ${cpuMs.toFixed(0)} ms CPU (${restricted} restricted; ${JSON.stringify(stats)})`);
    }
  }
  for (const name of DETECTORS) {
    const d = detectors[name];
    d.exponent = slope(d.connectionEnds, d.medianCpuMs);
    log(`detectors: ${name} scales as connections^${d.exponent.toFixed(2)}`);
  }
  return { sizes, detectors, repetitions };
}
