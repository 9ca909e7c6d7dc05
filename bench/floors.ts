/**
 * The engine's two memory floors (issue 32), copied from ../shared/bench/ with their method
 * kept: the least work any simulator must do per event at this many members, timed on this
 * machine beside each engine repetition so that the engine's figure is a ratio measured in
 * the same run. `floor`: random draws (xorshift128, the family of seedrandom's xor128), a
 * sender and a recipient picked among N members, per-member state read and written on both
 * sides (random memory access: the real cost at a million members), and a response pushed
 * into a bucket queue. `floor-world`: the same plus what any simulator of "no re-invite of a
 * connection, a pending invitation or a paused pair" must touch: a pair-table probe both ways
 * (two random 8-byte slots in a table of ~13 live entries a member) and, for a delivered
 * invitation, one write into it. Each runs in a process of its own, as `node floor.js` did.
 * The two loops repeat each other on purpose: each is its script's loop as written, so that
 * neither times a call or a branch the original does not make.
 * Usage (what runFloor spawns): node dist/bench/floors.js floor|floor-world MEMBERS EVENTS
 */
import { spawnSync } from 'node:child_process';

export const FLOORS = ['floor', 'floor-world'] as const;
export type FloorName = (typeof FLOORS)[number];

/** Events each floor times, as the shared scripts default to. */
export const FLOOR_EVENTS = 30_000_000;

export interface FloorRun {
  members: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  check: number;
}

let x = 123456789 | 0;
let y = 362436069 | 0;
let z = 521288629 | 0;
let w = 88675123 | 0;
function nextU(): number {
  const t = x ^ (x << 11);
  x = y;
  y = z;
  z = w;
  w = (w ^ (w >>> 19) ^ t ^ (t >>> 8)) | 0;
  return w;
}
function next(): number {
  return (nextU() >>> 0) * 2.3283064365386963e-10;
}

function floor(N: number, E: number): number {
  const state = new Int32Array(N * 4); // sent, lastAt, received, answered
  const BUCKETS = 720;
  const SLOTS = 64;
  const queue = new Int32Array(BUCKETS * SLOTS);
  const fill = new Int32Array(BUCKETS);
  let acc = 0;
  for (let e = 0; e < E; e++) {
    const s = (next() * N) | 0;
    const r = (next() * N) | 0;
    const so = s << 2;
    const ro = r << 2;
    state[so]++;
    const gap = e - state[so + 1];
    state[so + 1] = e;
    state[ro + 2]++;
    if (next() < 0.7) {
      const b = (next() * BUCKETS) | 0;
      const f = fill[b];
      queue[b * SLOTS + (f & (SLOTS - 1))] = s;
      fill[b] = f + 1;
      state[ro + 3]++;
    }
    acc += gap > 3 ? 1 : 0;
  }
  return acc;
}

function floorWorld(N: number, E: number): number {
  const state = new Int32Array(N * 4);
  const SLOTS = 1 << Math.ceil(Math.log2(N * 16));
  const MASK = SLOTS - 1;
  const pairs = new Int32Array(SLOTS * 2);
  const BUCKETS = 720;
  const QS = 64;
  const queue = new Int32Array(BUCKETS * QS);
  const fill = new Int32Array(BUCKETS);
  const h = (a: number, b: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & MASK;
  let acc = 0;
  for (let e = 0; e < E; e++) {
    const s = (next() * N) | 0;
    const r = (next() * N) | 0;
    const so = s << 2;
    const ro = r << 2;
    const k1 = h(s, r) << 1;
    const k2 = h(r, s) << 1;
    const barred = (pairs[k1] === s + 1 && pairs[k1 + 1] === r) || (pairs[k2] === r + 1 && pairs[k2 + 1] === s);
    state[so]++;
    const gap = e - state[so + 1];
    state[so + 1] = e;
    state[ro + 2]++;
    if (!barred && next() < 0.7) {
      pairs[k1] = s + 1;
      pairs[k1 + 1] = r;
      const b = (next() * BUCKETS) | 0;
      const f = fill[b];
      queue[b * QS + (f & (QS - 1))] = s;
      fill[b] = f + 1;
      state[ro + 3]++;
    }
    acc += gap > 3 ? 1 : 0;
  }
  return acc;
}

/** Times one floor in a fresh process (its own heap, nothing of the engine's warm in it). */
export function runFloor(name: FloorName, members: number, events = FLOOR_EVENTS): FloorRun {
  const child = spawnSync(process.execPath, [__filename, name, String(members), String(events)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench: the ${name} floor failed (exit ${child.status ?? child.signal}): ${child.stderr.trim()}`);
  return JSON.parse(child.stdout) as FloorRun;
}

if (require.main === module) {
  const [name, n, e] = process.argv.slice(2);
  const N = Number(n);
  const E = Number(e);
  const t0 = process.hrtime.bigint();
  const acc = name === 'floor-world' ? floorWorld(N, E) : floor(N, E);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const run: FloorRun = { members: N, events: E, seconds: +seconds.toFixed(3), eventsPerSecond: Math.round(E / seconds), check: acc % 7 };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}
