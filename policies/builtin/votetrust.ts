/**
 * votetrust: Xue, Yang, Yang, Wang, Chen, Dai, "VoteTrust: Leveraging Friend Invitation Graph
 * to Defend against Social Network Sybils" (INFOCOM 2013; TDSC 2015). The invitation graph is
 * directed and signed: each answered invitation is the recipient's vote on its sender
 * (accept: for; ignore or "I don't know": against). Two steps, as in the paper:
 *
 * 1. Vote assignment. Each member's vote capacity is a personalised PageRank from the seeds
 *    (graph/seeds.ts, no ground truth) over the link-initiation graph: c'(u) = d * sum over
 *    links v->u of c(v)/out(v) + (1-d) * (n/seeds if u is a seed). Capacity flows from inviter
 *    to invitee, so sybils, whom honest members seldom invite, get little however many of
 *    their own invitations honest members accept, and a ring inviting itself only passes
 *    around what little it has. The paper's link-initiation graph holds every invitation ever
 *    sent; ours holds the run's answered invitations plus the connections the platform had
 *    when the policy was created (a snapshot then), whose inviter it never recorded, as links
 *    both ways. 20 steps.
 * 2. Global vote aggregation. A member's rating is the weighted share of its votes that are
 *    for it, each voter weighing capacity x its own rating: r(u) = sum w(v)*accept(v,u) /
 *    sum w(v), w(v) = c(v) * r(v); from r = 1, iterated 10 rounds. Here a voter's capacity
 *    counts against the mean capacity and at most 1: capacity says whether the seeds' trust
 *    reaches a voter, and uncapped, a few hubs near the seeds outvote everyone (ratings of
 *    honest members then spread from 0.1 to 0.9 in our test worlds; capped, they cluster). A member with no weighted
 *    vote keeps rating 1. Members with at least `minVotes` answers and a rating below
 *    `maxRating` are the detected sybils.
 *
 * Then the colluder step, for sybils that vote for each other to lift their ratings: a member
 * with at least two connections, a share of at least `colluderShare` of them to detected
 * members, joins the detected; repeated until nobody joins (at most 5 passes). The paper's
 * community step also starts from the detected sybils and grows through their links; this
 * threshold rule is our reading of it, not the paper's exact procedure.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { fraction, optionalFraction, positiveInt } from '../params';
import type { PolicyContext } from '../policy';
import type { Csr } from '../platform/connection-graph';
import { gatherShares } from './graph/connection-csr';
import { BatchDetector, belowScore, intervalHoursParam, seedsParam } from './graph/batch-detector';
import { checkSeedCount, checkSeedsParam, chooseSeeds } from './graph/seeds';

const params = z
  .object({
    intervalHours: intervalHoursParam(),
    seeds: seedsParam(),
    damping: fraction(0.85, 'Share of vote capacity passed along links at each step (the rest returns to the seeds), as in PageRank.'),
    minVotes: positiveInt(10, 'Answered invitations (votes) a member needs before its rating can flag it.'),
    maxRating: fraction(0.3, 'Flag members whose trust-weighted share of accepting votes is below this.'),
    colluderShare: optionalFraction(
      0.5,
      'Colluder step: flag a member with this share (or more) of its connections to flagged members; null: off.',
    ),
  })
  .strict();
type Params = z.infer<typeof params>;

const CAPACITY_STEPS = 20;
const RATING_ROUNDS = 10;
const COLLUDER_PASSES = 5;

class VoteTrust extends BatchDetector {
  private readonly seeds: Int32Array;
  private capacity: Float64Array;
  private spare: Float64Array;
  private readonly share: Float64Array;
  /** Links out of each member: invitations it sent (answered) plus connections. */
  private readonly out: Float64Array;
  private readonly rating: Float64Array;
  private readonly num: Float64Array;
  private readonly den: Float64Array;
  /** Votes each member has received as a sender. */
  private readonly votes: Uint32Array;
  /** Connections before the policy's first event: links both ways (their inviter is unknown). */
  private readonly initial: Csr;

  constructor(
    ctx: PolicyContext,
    private readonly p: Params,
  ) {
    super(ctx, p.intervalHours);
    const n = ctx.members;
    this.seeds = new Int32Array(p.seeds);
    this.capacity = new Float64Array(n);
    this.spare = new Float64Array(n);
    this.share = new Float64Array(n);
    this.out = new Float64Array(n);
    this.rating = new Float64Array(n);
    this.num = new Float64Array(n);
    this.den = new Float64Array(n);
    this.votes = new Uint32Array(n);
    this.initial = ctx.view.snapshot().connections;
  }

  protected detect(): void {
    this.assignVotes();
    this.aggregate();
    this.flagSybils();
    if (this.p.colluderShare !== null) this.flagColluders(this.p.colluderShare);
  }

  /** Step 1: vote capacity by personalised PageRank from the seeds. */
  private assignVotes(): void {
    const { csr, log, out, share } = this;
    const n = csr.members;
    const { offsets, targets } = this.initial;
    const { senders, recipients } = log;
    const answers = log.length;
    const d = this.p.damping;
    const count = chooseSeeds(this.ctx.view, csr, this.seeds);
    for (let u = 0; u < n; u++) out[u] = offsets[u + 1] - offsets[u];
    this.votes.fill(0);
    for (let i = 0; i < answers; i++) {
      out[senders[i]]++;
      this.votes[senders[i]]++;
    }
    let c = this.capacity;
    let next = this.spare;
    c.fill(0);
    const home = count === 0 ? 0 : n / count;
    for (let i = 0; i < count; i++) c[this.seeds[i]] = home;
    for (let step = 0; step < CAPACITY_STEPS; step++) {
      for (let u = 0; u < n; u++) share[u] = out[u] > 0 ? (d * c[u]) / out[u] : 0;
      gatherShares(offsets, targets, share, next);
      for (let i = 0; i < answers; i++) next[recipients[i]] += share[senders[i]];
      for (let i = 0; i < count; i++) next[this.seeds[i]] += (1 - d) * home;
      const swap = c;
      c = next;
      next = swap;
    }
    this.capacity = c;
    this.spare = next;
  }

  /** Step 2: ratings from votes weighted by the voters' capacity and rating, iterated. */
  private aggregate(): void {
    const { log, rating, num, den, capacity } = this;
    const { senders, recipients, accepted } = log;
    const answers = log.length;
    // Capacity against the mean, capped at 1 (see the header).
    let total = 0;
    for (let u = 0; u < capacity.length; u++) total += capacity[u];
    const mean = total / Math.max(1, capacity.length);
    if (mean > 0) for (let u = 0; u < capacity.length; u++) capacity[u] = Math.min(1, capacity[u] / mean);
    rating.fill(1);
    for (let round = 0; round < RATING_ROUNDS; round++) {
      num.fill(0);
      den.fill(0);
      for (let i = 0; i < answers; i++) {
        const voter = recipients[i];
        const w = capacity[voter] * rating[voter];
        const s = senders[i];
        den[s] += w;
        if (accepted[i] === 1) num[s] += w;
      }
      for (let u = 0; u < rating.length; u++) rating[u] = den[u] > 0 ? num[u] / den[u] : 1;
    }
  }

  private flagSybils(): void {
    const { rating, votes, flag, scores } = this;
    const { minVotes, maxRating } = this.p;
    for (let u = 0; u < rating.length; u++) {
      if (votes[u] < minVotes) continue;
      scores[u] = belowScore(maxRating, rating[u]);
      if (rating[u] < maxRating) flag[u] = 1;
    }
  }

  /** Grows the detected set through connections until no member has `colluderShare` of its connections in it. */
  private flagColluders(threshold: number): void {
    const { csr, flag, scores } = this;
    const { offsets, targets } = csr;
    const sent = this.log.sent;
    for (let pass = 0; pass < COLLUDER_PASSES; pass++) {
      let joined = 0;
      for (let u = 0; u < csr.members; u++) {
        const deg = offsets[u + 1] - offsets[u];
        if (flag[u] === 1 || deg < 2 || sent[u] === 0) continue;
        let inside = 0;
        for (let e = offsets[u]; e < offsets[u + 1]; e++) inside += flag[targets[e]];
        const share = inside / deg;
        if (threshold > 0 && share >= threshold) {
          flag[u] = 1;
          scores[u] = Math.max(scores[u], share / threshold);
          joined++;
        }
      }
      if (joined === 0) break;
    }
  }
}

export const voteTrust: PolicyDefinition = {
  name: 'votetrust',
  description:
    'VoteTrust (Xue, Yang et al., INFOCOM 2013): every `intervalHours`, answers as votes weighted by trust from `seeds`; restricts rating < `maxRating` after `minVotes`, then colluders (`colluderShare` of connections to them).',
  rule: {
    restricts: 'Batch: every `intervalHours`, at the first review at or after that time, the detector runs over the connection graph and the invitation log and restricts members whose vote rating is below `maxRating` after `minVotes` votes, then their colluders; only members who have sent an invitation can be flagged. Invitations are always allowed.',
    suspicious: 'The last batch flagged the member.',
    score: 'The last batch\'s suspicion (higher is more suspicious; above 1 where flagged); 0 for members who never invited.',
  },
  params,
  checkPopulation: checkSeedsParam,
  create: (ctx, raw) => {
    const p = raw as Params;
    checkSeedCount('votetrust', p.seeds, ctx.members);
    return new VoteTrust(ctx, p);
  },
};
