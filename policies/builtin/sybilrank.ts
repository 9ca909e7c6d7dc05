/**
 * sybilrank: Cao, Sirivianos, Yang, Pregueiro, "Aiding the Detection of Fake Accounts in
 * Large Scale Social Online Services" (NSDI 2012). Trust starts at trusted seeds (n in all,
 * split evenly) and spreads over the connection graph by power iteration, each member handing
 * its trust to its connections in equal shares: T'(v) = sum over connections u of T(u)/deg(u).
 * Iterated to convergence, trust is proportional to degree everywhere; stopped early, after
 * ceil(log2 n) steps (the paper's O(log n)), it has filled the seeds' well-knit honest region
 * but little has crossed the few attack edges into a sybil region. Members are ranked by
 * degree-normalised trust, scaled here so that 1 is the converged value (T(v)/deg(v) against
 * n/sum of degrees); a member with no connection has 0. Members below `maxTrust` are
 * restricted. Seeds: graph/seeds.ts (oldest well-connected members; no ground truth).
 *
 * Each batch costs ceil(log2 n) passes over the connection graph's CSR: O(m log n).
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { fraction } from '../params';
import type { PolicyContext } from '../policy';
import { BatchDetector, belowScore, intervalHoursParam, seedsParam } from './graph/batch-detector';
import { checkSeedCount, chooseSeeds } from './graph/seeds';

const params = z
  .object({
    intervalHours: intervalHoursParam(),
    seeds: seedsParam(),
    maxTrust: fraction(
      0.1,
      'Restrict members whose degree-normalised trust is below this share of its converged value (1: every member of a well-mixed graph).',
    ),
  })
  .strict();
type Params = z.infer<typeof params>;

class SybilRank extends BatchDetector {
  private readonly seeds: Int32Array;
  private trust: Float64Array;
  private spread: Float64Array;
  /** Trust each member hands to each connection in the current step. */
  private readonly share: Float64Array;
  private readonly steps: number;

  constructor(
    ctx: PolicyContext,
    private readonly p: Params,
  ) {
    super(ctx, p.intervalHours);
    const n = ctx.members;
    this.seeds = new Int32Array(p.seeds);
    this.trust = new Float64Array(n);
    this.spread = new Float64Array(n);
    this.share = new Float64Array(n);
    this.steps = Math.ceil(Math.log2(Math.max(2, n)));
  }

  protected detect(): void {
    const { csr, share } = this;
    const n = csr.members;
    const { offsets, targets } = csr;
    const count = chooseSeeds(this.ctx.view, csr, this.seeds);
    if (count === 0 || csr.ends === 0) return;
    let trust = this.trust;
    let next = this.spread;
    trust.fill(0);
    for (let i = 0; i < count; i++) trust[this.seeds[i]] = n / count;
    for (let step = 0; step < this.steps; step++) {
      for (let u = 0; u < n; u++) {
        const d = offsets[u + 1] - offsets[u];
        share[u] = d > 0 ? trust[u] / d : 0;
      }
      for (let v = 0; v < n; v++) {
        let t = 0;
        for (let e = offsets[v]; e < offsets[v + 1]; e++) t += share[targets[e]];
        next[v] = t;
      }
      const swap = trust;
      trust = next;
      next = swap;
    }
    this.trust = trust;
    this.spread = next;
    // T/deg at convergence is n / (sum of degrees) for every member.
    const scale = csr.ends / n;
    const limit = this.p.maxTrust;
    for (let v = 0; v < n; v++) {
      const d = offsets[v + 1] - offsets[v];
      const normalised = d > 0 ? (trust[v] / d) * scale : 0;
      this.scores[v] = belowScore(limit, normalised);
      if (normalised < limit) this.flag[v] = 1;
    }
  }
}

export const sybilRank: PolicyDefinition = {
  name: 'sybilrank',
  description:
    'SybilRank (Cao et al., NSDI 2012): every `intervalHours`, trust from `seeds` old well-connected members by log2(n) power iterations over the connection graph; restricts degree-normalised trust < `maxTrust`.',
  params,
  create: (ctx, raw) => {
    const p = raw as Params;
    checkSeedCount('sybilrank', p.seeds, ctx.members);
    return new SybilRank(ctx, p);
  },
};
