/**
 * sybilrank: Cao, Sirivianos, Yang, Pregueiro, "Aiding the Detection of Fake Accounts in
 * Large Scale Social Online Services" (NSDI 2012). Trust starts at trusted seeds (n in all,
 * split evenly) and spreads over the connection graph by power iteration, each member handing
 * its trust to its connections in equal shares: T'(v) = sum over connections u of T(u)/deg(u).
 * Iterated to convergence, trust is proportional to degree everywhere; stopped early, after
 * ceil(log2 n) steps (the paper's O(log n)), it has filled the seeds' well-knit honest region
 * but little has crossed the few attack edges into a sybil region. Members are ranked by
 * degree-normalised trust, scaled here so that 1 is the converged value (T(v)/deg(v) against
 * n/sum of degrees); a member with no connection has 0. The cut is by rank, as SybilRank is
 * used (Tuenti's staff inspected its lowest-ranked accounts in order): the lowest-ranked
 * `bottomShare` of the members who invite are restricted: k = floor(bottomShare x inviting)
 * of them. When more members tie at the k-th lowest trust than the cut has room for (a sybil
 * region with no attack edge has trust 0, all of it), those below the tie are restricted and
 * the rest of the k are drawn from the tied members by a hash of member id and batch number:
 * deterministic (same run, same members, whatever the thread count), a fresh draw each batch,
 * and never zero because of a tie (a strict cut below the tie would restrict nobody, and miss
 * the cleanest-separated region). How far
 * trust gets in log2 n steps depends on how well the honest graph mixes, so no fixed trust
 * value separates fakes in every world; the ranking does where attack edges are few. A rank
 * cut restricts that share even of a population with no fakes: set it near the share a
 * platform expects. Seeds: graph/seeds.ts (oldest well-connected members; no ground truth).
 *
 * Each batch costs ceil(log2 n) passes over the connection graph's CSR (O(m log n)) and a
 * sort of the inviting members' trust.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { fraction } from '../params';
import type { PolicyContext } from '../policy';
import { gatherShares } from './graph/connection-csr';
import { BatchDetector, belowScore, intervalHoursParam, seedsParam } from './graph/batch-detector';
import { checkSeedCount, checkSeedsParam, chooseSeeds } from './graph/seeds';

const params = z
  .object({
    intervalHours: intervalHoursParam(),
    seeds: seedsParam(),
    bottomShare: fraction(0.05, 'Restrict this share of the inviting members, the lowest ranked by degree-normalised trust.'),
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
  /** Normalised trust of the inviting members, sorted to find the cut. */
  private readonly ranked: Float64Array;
  /** Members tied at the cut, keyed by the tie-break hash (high bits) and id (low bits). */
  private readonly tied: Float64Array;
  private batch = 0;

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
    this.ranked = new Float64Array(n);
    this.tied = new Float64Array(n);
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
      gatherShares(offsets, targets, share, next);
      const swap = trust;
      trust = next;
      next = swap;
    }
    this.trust = trust;
    this.spread = next;
    // T/deg at convergence is n / (sum of degrees) for every member.
    const scale = csr.ends / n;
    const sent = this.log.sent;
    let inviting = 0;
    for (let v = 0; v < n; v++) {
      const d = offsets[v + 1] - offsets[v];
      const normalised = d > 0 ? (trust[v] / d) * scale : 0;
      share[v] = normalised;
      if (sent[v] > 0) this.ranked[inviting++] = normalised;
    }
    // A hair over the product, so a share given as count / inviting is not rounded down by a bit of float error.
    const k = Math.min(inviting, Math.floor(this.p.bottomShare * inviting * (1 + 1e-12)));
    this.batch++;
    if (k === 0) return;
    const sorted = this.ranked.subarray(0, inviting).sort();
    const kth = sorted[k - 1];
    // Scores: nextTrust / trust, the lowest trust above the k-th lowest (2 for all when nothing is above):
    // above 1 for every member at or below the k-th lowest; a tied member the draw spares gets 1, at the cut.
    let above = k;
    while (above < inviting && sorted[above] === kth) above++;
    const nextTrust = above < inviting ? sorted[above] : Infinity;
    let below = 0;
    let ties = 0;
    for (let v = 0; v < n; v++) {
      if (sent[v] === 0) continue;
      this.scores[v] = nextTrust === Infinity ? 2 : belowScore(nextTrust, share[v]);
      if (share[v] < kth) {
        this.flag[v] = 1;
        below++;
      } else if (share[v] === kth) {
        this.tied[ties++] = tieKey(v, this.batch);
        if (nextTrust !== Infinity) this.scores[v] = 1;
      }
    }
    // The k - below places left go to the tied members with the lowest keys (all of them when they fit).
    const keys = this.tied.subarray(0, ties).sort();
    for (let i = 0; i < k - below; i++) {
      const v = keys[i] % ID_SPAN;
      this.flag[v] = 1;
      this.scores[v] = nextTrust === Infinity ? 2 : belowScore(nextTrust, share[v]);
    }
  }
}

/** Member ids are below 2^26 (scenarios allow 50,000,000 members); a key keeps 26 bits of hash above the id. */
const ID_SPAN = 1 << 26;

/** The tie-break's order: a multiplicative hash of id and batch (26 bits) above the id, exact in a double. */
function tieKey(v: number, batch: number): number {
  const h = Math.imul(v ^ Math.imul(batch, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(batch + 0x632be5ab, 0xc2b2ae35);
  return ((Math.imul(h ^ (h >>> 15), 0x27d4eb2d) >>> 6) * ID_SPAN + v);
}

export const sybilRank: PolicyDefinition = {
  name: 'sybilrank',
  description:
    'SybilRank (Cao et al., NSDI 2012): every `intervalHours`, trust from `seeds` old well-connected members by log2(n) power iterations over the connection graph; restricts the lowest-ranked `bottomShare` of inviting members by degree-normalised trust.',
  rule: {
    restricts: 'Batch: every `intervalHours`, at the first review at or after that time, the detector runs over the connection graph and the invitation log and restricts the lowest-ranked `bottomShare` of inviting members by degree-normalised trust (exactly k of them: members tied at the cut are drawn by a hash of member and batch); only members who have sent an invitation can be flagged. Invitations are always allowed.',
    suspicious: 'The last batch flagged the member.',
    score: 'The last batch\'s suspicion (higher is more suspicious; above 1 where flagged); 0 for members who never invited.',
  },
  params,
  checkPopulation: checkSeedsParam,
  create: (ctx, raw) => {
    const p = raw as Params;
    checkSeedCount('sybilrank', p.seeds, ctx.members);
    return new SybilRank(ctx, p);
  },
};
