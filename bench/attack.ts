/**
 * The red team's benchmark: README's case (`invitesim attack baseline --attacker sybil
 * --budget 200 --threads 2`), one process a search, timed wall-clock. With --peer DIR it
 * alternates this build with the built checkout at DIR (peer, self, self, peer, …, as the
 * engine's peer bench does, so that drift in a shared machine's speed falls on both alike)
 * and reports the peer's time over this build's (the speed-up; median, range) beside what
 * each search found: the best strategy's harm with its 95% interval and the runs it took.
 * A faster search that found a less harmful strategy has not done the same job, so both
 * figures go together.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../sim/errors';
import { failureCause } from './engine-peer';
import { currentBuild } from './measured';
import { spread, type Spread } from './spread';

/** README's case. */
export const ATTACK_CASE = ['attack', 'baseline', '--attacker', 'sybil', '--budget', '200', '--threads', '2'];

export interface AttackSearchRun {
  seconds: number;
  runs: number;
  /** The best strategy's harm (connections per sybil account): mean and 95% interval. */
  harm: { mean: number; ciLow: number | null; ciHigh: number | null };
  harmRatio: number | null;
  worstCaseRecall: number | null;
}

export interface AttackBench {
  case: string;
  cores: number;
  self: AttackSearchRun[];
  selfSeconds: Spread;
  /** The peer's build (`git describe` of its checkout, else the folder given). */
  peer?: string;
  peerRuns?: AttackSearchRun[];
  peerSeconds?: Spread;
  /** The peer's time over this build's, pair by pair. */
  speedup?: Spread;
}

function search(dist: string): AttackSearchRun {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-bench-attack-'));
  try {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [path.join(dist, 'cli', 'main.js'), ...ATTACK_CASE, '--out', path.join(out, 'search'), '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const seconds = (performance.now() - t0) / 1000;
    if (child.status !== 0) throw new InputError(`the attack search at ${dist} failed (exit ${child.status}): ${failureCause(child.stderr || '')}`);
    const r = JSON.parse(fs.readFileSync(path.join(out, 'search', 'attack.json'), 'utf8'));
    const best = r.candidates.find((c: { candidate: number }) => c.candidate === r.best);
    return { seconds, runs: r.attack.runsDone, harm: { mean: best.harm.mean, ciLow: best.harm.ciLow, ciHigh: best.harm.ciHigh }, harmRatio: r.harmRatio, worstCaseRecall: r.worstCaseRecall.mean };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const describe = (r: AttackSearchRun) => `${r.seconds.toFixed(1)} s, ${r.runs} runs, harm ${r.harm.mean.toFixed(1)} [${r.harm.ciLow?.toFixed(1)}, ${r.harm.ciHigh?.toFixed(1)}]`;

export function benchAttack(repetitions: number, peer: { dir: string; dist: string } | null, log: (s: string) => void = () => {}): AttackBench {
  const selfDist = path.resolve(__dirname, '..');
  const self: AttackSearchRun[] = [];
  const peerRuns: AttackSearchRun[] = [];
  for (let r = 0; r < repetitions; r++) {
    const order = peer === null ? [selfDist] : r % 2 === 0 ? [peer.dist, selfDist] : [selfDist, peer.dist];
    for (const dist of order) {
      const run = search(dist);
      (dist === selfDist ? self : peerRuns).push(run);
      log(`attack: ${r + 1}/${repetitions} ${dist === selfDist ? 'self' : 'peer'}: ${describe(run)}`);
    }
  }
  const report: AttackBench = { case: `invitesim ${ATTACK_CASE.join(' ')}`, cores: os.availableParallelism(), self, selfSeconds: spread(self.map((s) => s.seconds)) };
  if (peer === null) return report;
  const build = currentBuild(peer.dir);
  return { ...report, peer: build === 'unknown' ? peer.dir : build, peerRuns, peerSeconds: spread(peerRuns.map((s) => s.seconds)), speedup: spread(peerRuns.map((p, i) => p.seconds / self[i].seconds)) };
}
