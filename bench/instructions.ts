/**
 * Instructions per event, counted rather than timed: `npm run bench -- instructions [--peer
 * DIR]` runs the baseline under valgrind (cachegrind, no cache simulation) with V8's
 * --predictable (no concurrent compilation, so the JIT does the same work every time) and
 * counts the instructions the process executed. Two horizons on the same world, SHORT_DAYS and
 * LONG_DAYS, and the difference over the difference in events is the work per event, with
 * node's start, the world's building and the compiler's work subtracted out. Two counts of
 * the same build agree to a few parts per million, where CPU time on a shared machine moves
 * by ±20% a run: a change of a few percent in the work per event shows here and not in time.
 * Instructions are not time (a cache miss costs hundreds of cycles and counts as one), so
 * this complements the engine benchmark and does not replace it.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { InputError } from '../sim/errors';
import type { ChildRun } from './engine-child';
import { ENGINE_CHILD, failureCause } from './engine-peer';

const SHORT_DAYS = 5;
const LONG_DAYS = 30;
/** Members, unless --members says otherwise: valgrind runs the engine ~50x slower. */
export const DEFAULT_MEMBERS = 20_000;

export interface CountedRun {
  days: number;
  events: number;
  instructions: number;
}

export interface BuildCount {
  runs: [CountedRun, CountedRun];
  /** Instructions per event between the two horizons. */
  perEvent: number;
}

export interface InstructionsBench {
  members: number;
  self: BuildCount;
  peer?: BuildCount & { dir: string };
  /** The peer's instructions per event over this build's: above 1, this build does less work an event. */
  ratio?: number;
}

const SEED = 'bench/0';

/** An InputError naming the fix unless valgrind runs: checked before any benchmark starts, not minutes into a run. */
export function requireValgrind(): void {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    throw new InputError('the instructions benchmark counts with valgrind, which is not on PATH: install it (Debian: apt-get install valgrind)');
  }
}

function countRun(dist: string, members: number, days: number): CountedRun {
  const args = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--predictable'];
  args.push(ENGINE_CHILD, dist, String(members), SEED, String(days));
  const child = spawnSync('valgrind', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const stderr = child.stderr ?? '';
  const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (child.status !== 0 || refs === null) {
    // Valgrind's own lines start with ==pid==; the rest is the child's.
    const own = stderr.split('\n').filter((l) => !l.startsWith('==')).join('\n');
    throw new InputError(`the engine at ${dist} failed under valgrind (exit ${child.status}): ${failureCause(own)}`);
  }
  const run = JSON.parse(child.stdout) as ChildRun;
  return { days, events: run.events, instructions: Number(refs[1].replace(/,/g, '')) };
}

function countBuild(dist: string, members: number, log: (s: string) => void): BuildCount {
  const short = countRun(dist, members, SHORT_DAYS);
  const long = countRun(dist, members, LONG_DAYS);
  if (long.events <= short.events) {
    throw new InputError(`the engine at ${dist} ran no more events in ${LONG_DAYS} days than in ${SHORT_DAYS} (${long.events} against ${short.events}): nothing to count per event`);
  }
  const perEvent = (long.instructions - short.instructions) / (long.events - short.events);
  log(`instructions: ${dist}: ${perEvent.toFixed(0)} an event (${long.events - short.events} events between ${SHORT_DAYS} and ${LONG_DAYS} days)`);
  return { runs: [short, long], perEvent };
}

export function benchInstructions(members: number, peer: { dir: string; dist: string } | null, log: (s: string) => void = () => {}): InstructionsBench {
  // The peer first: a peer that will not run fails before minutes are spent counting this build.
  if (peer === null) return { members, self: countBuild(path.resolve(__dirname, '..'), members, log) };
  const other = countBuild(peer.dist, members, log);
  const self = countBuild(path.resolve(__dirname, '..'), members, log);
  return { members, self, peer: { dir: peer.dir, ...other }, ratio: other.perEvent / self.perEvent };
}
