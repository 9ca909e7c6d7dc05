/**
 * The engine against another build, alternated in one bench run: `npm run bench -- engine
 * --peer DIR` runs the baseline with this build and with the checkout at DIR (built: its
 * dist/ present), one process a run, in the order peer, self, self, peer, ... so that drift
 * in a shared machine's speed falls on both alike. Each pair gives a ratio of events per
 * CPU-second of the run (self / peer); the report gives their median and range, and the
 * absolute rates beside them, because absolute rates do not travel between machines but a
 * ratio measured in the same run does.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../sim/errors';
import type { ChildRun } from './engine-child';

export interface PeerPair {
  peer: ChildRun;
  self: ChildRun;
  /** Self's events per CPU-second over the peer's. */
  ratio: number;
  /** The same, per wall-clock second. */
  wallRatio: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface PeerBench {
  peer: string;
  members: number;
  pairs: PeerPair[];
  ratio: Spread;
  wallRatio: Spread;
  /** Median events per CPU-second of each build's runs. */
  selfEventsPerCpuSecond: number;
  peerEventsPerCpuSecond: number;
}

/** Modules a build must have for the child to run it. */
const NEEDED = ['scenarios/load.js', 'sim/simulate.js', 'policies/registry.js'];

/** The peer checkout's dist/; an InputError naming what is missing and the fix if it has no built engine. */
export function peerDist(dir: string): string {
  const dist = path.resolve(dir, 'dist');
  const missing = NEEDED.find((m) => !fs.existsSync(path.join(dist, m)));
  if (missing === undefined) return dist;
  throw new InputError(`--peer ${dir}: no built engine there (${path.join('dist', missing)} is missing); check out the revision to compare with and build it there (npm ci && npm run build)`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]): Spread => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
/** Events per CPU-second of the run: the measure least moved by other processes on a shared machine. */
const rate = (r: ChildRun) => r.events / r.runCpuSeconds;
const wallRate = (r: ChildRun) => r.events / r.runSeconds;

/** The script that runs one engine run of a build (bench/engine-child.ts). */
export const ENGINE_CHILD = path.join(__dirname, 'engine-child.js');

/** The line of a failed child's stderr that says why: its error's line, else its last line. */
export function failureCause(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return lines.find((l) => /^[A-Za-z]*Error\b/.test(l)) ?? lines[lines.length - 1] ?? 'no message';
}

function runChild(dist: string, members: number, seed: string): ChildRun {
  const child = spawnSync(process.execPath, [ENGINE_CHILD, dist, String(members), seed], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new InputError(`the engine at ${dist} failed (exit ${child.status}): ${failureCause(child.stderr || '')}`);
  return JSON.parse(child.stdout) as ChildRun;
}

export function benchEnginePeer(peerDir: string, peerDistDir: string, members: number, repetitions: number, log: (s: string) => void = () => {}): PeerBench {
  const selfDist = path.resolve(__dirname, '..');
  const pairs: PeerPair[] = [];
  for (let r = 0; r < repetitions; r++) {
    const seed = `bench/${r}`;
    // ABBA: the peer goes first in even pairs, second in odd ones.
    const first = r % 2 === 0 ? peerDistDir : selfDist;
    const a = runChild(first, members, seed);
    const b = runChild(first === selfDist ? peerDistDir : selfDist, members, seed);
    const [peer, self] = first === selfDist ? [b, a] : [a, b];
    pairs.push({ peer, self, ratio: rate(self) / rate(peer), wallRatio: wallRate(self) / wallRate(peer) });
    log(
      `engine vs peer: pair ${r + 1}/${repetitions}: self ${(rate(self) / 1e6).toFixed(2)} M events/CPU-s (${self.events} events), ` +
        `peer ${(rate(peer) / 1e6).toFixed(2)} (${peer.events}), ratio ${(rate(self) / rate(peer)).toFixed(3)}`,
    );
  }
  return {
    peer: peerDir,
    members,
    pairs,
    ratio: spread(pairs.map((p) => p.ratio)),
    wallRatio: spread(pairs.map((p) => p.wallRatio)),
    selfEventsPerCpuSecond: median(pairs.map((p) => rate(p.self))),
    peerEventsPerCpuSecond: median(pairs.map((p) => rate(p.peer))),
  };
}
